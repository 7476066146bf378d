#include "core/load_balancer.hpp"

#include "tests/core/chrono_output.hpp"
#include "tests/core/scripted_random.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using switchyard::config::balancing_kind;
using switchyard::core::host_view;
using switchyard::core::load_balancer;
using switchyard::core::testing::constant_random;
using switchyard::core::testing::scripted_random;

namespace {

host_view weighted(std::uint32_t weight) {
  host_view h;
  h.weight = weight;
  return h;
}

host_view pending(std::uint32_t n) {
  host_view h;
  h.pending = n;
  return h;
}

host_view measured(std::chrono::milliseconds latency, std::uint32_t n = 0) {
  auto h = pending(n);
  h.latency = latency;
  return h;
}

host_view ineligible() {
  host_view h;
  h.eligible = false;
  return h;
}

std::string names_of(load_balancer& lb, const std::vector<host_view>& hosts, int picks) {
  std::string result;
  for (int i = 0; i < picks; ++i) {
    auto choice = lb.choose(hosts);
    result += choice ? static_cast<char>('a' + *choice) : '-';
  }
  return result;
}

load_balancer make(balancing_kind kind) {
  return load_balancer{kind, constant_random(0.0)};
}

} // namespace

TEST_SUITE("load_balancer") {
  TEST_CASE("round robin cycles through every host in order") {
    auto lb = make(balancing_kind::round_robin);
    std::vector<host_view> hosts(3);
    CHECK(names_of(lb, hosts, 7) == "abcabca");
  }

  TEST_CASE("round robin skips ineligible hosts") {
    auto lb = make(balancing_kind::round_robin);
    std::vector<host_view> hosts(4);
    hosts[1].eligible = false;
    hosts[2].eligible = false;
    CHECK(names_of(lb, hosts, 5) == "adada");
  }

  TEST_CASE("every kind returns nothing when no host is eligible") {
    for (auto kind : {balancing_kind::round_robin, balancing_kind::weighted_round_robin,
                      balancing_kind::least_pending, balancing_kind::latency_aware}) {
      CAPTURE(switchyard::config::to_string(kind));
      auto lb = make(kind);
      std::vector<host_view> hosts(3, ineligible());
      CHECK_FALSE(lb.choose(hosts).has_value());
      CHECK_FALSE(lb.choose(std::vector<host_view>{}).has_value());
    }
  }

  TEST_CASE("every kind avoids excluded hosts and gives up when all are excluded") {
    for (auto kind : {balancing_kind::round_robin, balancing_kind::weighted_round_robin,
                      balancing_kind::least_pending, balancing_kind::latency_aware}) {
      CAPTURE(switchyard::config::to_string(kind));
      auto lb = make(kind);
      std::vector<host_view> hosts(2);
      std::vector<std::size_t> first{0};
      for (int i = 0; i < 4; ++i)
        CHECK(lb.choose(hosts, first) == std::size_t{1});
      std::vector<std::size_t> both{0, 1};
      CHECK_FALSE(lb.choose(hosts, both).has_value());
    }
  }

  TEST_CASE("smooth weighted round robin interleaves weights 5, 1, 1 as a a b a c a a") {
    auto lb = make(balancing_kind::weighted_round_robin);
    std::vector<host_view> hosts{weighted(5), weighted(1), weighted(1)};
    CHECK(names_of(lb, hosts, 14) == "aabacaaaabacaa");
  }

  TEST_CASE("weighted round robin gives each host exactly its weight per cycle") {
    auto lb = make(balancing_kind::weighted_round_robin);
    std::vector<host_view> hosts{weighted(70), weighted(30)};
    std::vector<int> counts(2);
    for (int i = 0; i < 100; ++i)
      ++counts[*lb.choose(hosts)];
    CHECK(counts[0] == 70);
    CHECK(counts[1] == 30);
  }

  TEST_CASE("weighted round robin never picks an ineligible or zero-weight host") {
    auto lb = make(balancing_kind::weighted_round_robin);
    std::vector<host_view> hosts{weighted(3), weighted(0), weighted(2)};
    hosts[0].eligible = false;
    CHECK(names_of(lb, hosts, 4) == "cccc");
    hosts[2].eligible = false;
    CHECK_FALSE(lb.choose(hosts).has_value());
  }

  TEST_CASE("least pending takes the less loaded of the two sampled hosts") {
    // Draws 0.0 then 0.99 sample candidates 0 and 2 (the second draw skips the first).
    load_balancer lb{balancing_kind::least_pending, scripted_random({0.0, 0.99})};
    std::vector<host_view> hosts{pending(5), pending(0), pending(2)};
    CHECK(lb.choose(hosts) == std::size_t{2});
  }

  TEST_CASE("least pending never samples the same host twice") {
    // Both draws are 0.0; the second one is shifted past the first, so host 1 is compared.
    load_balancer lb{balancing_kind::least_pending, constant_random(0.0)};
    std::vector<host_view> hosts{pending(4), pending(1)};
    CHECK(lb.choose(hosts) == std::size_t{1});
  }

  TEST_CASE("least pending with a seeded generator favours the idle host") {
    std::mt19937_64 engine{42};
    load_balancer lb{balancing_kind::least_pending, switchyard::core::make_unit_random(engine)};
    std::vector<host_view> hosts{pending(9), pending(0), pending(9), pending(9)};
    std::vector<int> counts(4);
    for (int i = 0; i < 1000; ++i)
      ++counts[*lb.choose(hosts)];
    // The idle host wins whenever it is sampled: with probability 1/2 per choice.
    CHECK(counts[1] > 400);
    CHECK(counts[1] < 600);
  }

  TEST_CASE("least pending skips ineligible hosts") {
    std::mt19937_64 engine{7};
    load_balancer lb{balancing_kind::least_pending, switchyard::core::make_unit_random(engine)};
    std::vector<host_view> hosts{pending(0), pending(3), pending(3)};
    hosts[0].eligible = false;
    for (int i = 0; i < 50; ++i)
      CHECK(lb.choose(hosts) != std::size_t{0});
  }

  TEST_CASE("latency aware picks the fastest idle host") {
    auto lb = make(balancing_kind::latency_aware);
    std::vector<host_view> hosts{measured(40ms), measured(5ms), measured(20ms)};
    CHECK(lb.choose(hosts) == std::size_t{1});
  }

  TEST_CASE("latency aware penalises a fast host that has many pending requests") {
    auto lb = make(balancing_kind::latency_aware);
    // Scores: 5 ms * (9 + 1) = 50 loses to 20 ms * (1 + 1) = 40.
    std::vector<host_view> hosts{measured(5ms, 9), measured(20ms, 1)};
    CHECK(lb.choose(hosts) == std::size_t{1});
  }

  TEST_CASE("latency aware tries an idle host whose latency is unknown") {
    auto lb = make(balancing_kind::latency_aware);
    std::vector<host_view> hosts{measured(1ms), host_view{}};
    CHECK(lb.choose(hosts) == std::size_t{1});
  }

  TEST_CASE("latency aware scores a busy unknown host as the slowest known one") {
    auto lb = make(balancing_kind::latency_aware);
    std::vector<host_view> hosts{measured(10ms, 3), pending(1), measured(30ms)};
    // Scores: 10 * 4 = 40, unknown 30 * 2 = 60, 30 * 1 = 30.
    CHECK(lb.choose(hosts) == std::size_t{2});
  }

  TEST_CASE("latency aware falls back to fewest pending when nothing is measured") {
    auto lb = make(balancing_kind::latency_aware);
    std::vector<host_view> hosts{pending(3), pending(1), pending(2)};
    CHECK(lb.choose(hosts) == std::size_t{1});
  }

  TEST_CASE("reset restarts the round robin at the first host") {
    auto lb = make(balancing_kind::round_robin);
    std::vector<host_view> hosts(3);
    CHECK(names_of(lb, hosts, 2) == "ab");
    lb.reset();
    CHECK(names_of(lb, hosts, 2) == "ab");
  }
}
