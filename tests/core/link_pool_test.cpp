// The protocol-neutral pool of a network's hosts and links (its ISO 8583 use is tested with
// iso_traffic).

#include "core/link_pool.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;
using switchyard::core::link_pool;
using switchyard::core::time_point;
namespace config = switchyard::config;

namespace {

const time_point t0{std::chrono::seconds{100}};

config::network_settings network(std::size_t hosts, std::uint32_t overflow = 0,
                                 std::uint32_t max_age_ms = 0) {
  config::network_settings n;
  n.name = "net";
  for (std::size_t i = 0; i < hosts; ++i)
    n.hosts.push_back({"127.0.0.1", static_cast<std::uint16_t>(9000 + i), 1});
  n.pool_overflow = overflow;
  n.pool_max_age_ms = max_age_ms;
  n.breaker.failure_threshold = 1;
  n.breaker.failure_rate = 0.0;
  n.breaker.recovery_timeout_ms = 1000;
  return n;
}

link_pool pool_of(const config::network_settings& n) {
  return link_pool{n, [] {
                     return 0.0;
                   }};
}

// A pool of one host with links 1 and 2 up.
link_pool two_links_up() {
  auto p = pool_of(network(1));
  p.add_link(1, 0);
  p.add_link(2, 0);
  p.link_up(1, t0);
  p.link_up(2, t0);
  return p;
}

} // namespace

TEST_SUITE("link_pool") {
  TEST_CASE("nothing is chosen while no link is up, and the pool says it is starting") {
    auto p = pool_of(network(1));
    CHECK(p.is_starting());
    p.add_link(1, 0);
    CHECK(p.is_starting());
    CHECK_FALSE(p.choose(t0).has_value());
    CHECK(p.link_down(1, t0)); // its first try failed
    CHECK_FALSE(p.is_starting());
    CHECK(p.link_up(1, t0));
    CHECK(p.choose(t0) == 1u);
  }

  TEST_CASE("within a host the link with the fewest requests in flight is chosen") {
    auto p = two_links_up();
    auto first = *p.choose(t0);
    p.started(first, t0);
    auto second = *p.choose(t0);
    CHECK(second != first);
    p.started(second, t0);
    p.finished(first, t0);
    CHECK(p.choose(t0) == first);
    CHECK(p.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{2, 2});
  }

  TEST_CASE("a burst stays on one link until it is the slack ahead of the least loaded") {
    auto p = two_links_up();
    p.keep_bursts_together(2);
    auto first = *p.choose(t0);
    p.started(first, t0);
    auto other = first == 1u ? 2u : 1u;
    for (int i = 0; i < 2; ++i) { // in flight on it: 1, then 2 (at most 0 + 2)
      CHECK(p.choose(t0) == first);
      p.started(first, t0);
    }
    CHECK(p.choose(t0) == other); // 3 in flight would be 3 ahead: the burst moves on
    p.started(other, t0);
    CHECK(p.choose(t0) == other); // and stays there
    // Once its requests are answered a link is no burst's: one at a time, links take turns.
    for (int i = 0; i < 3; ++i)
      p.finished(first, t0);
    p.finished(other, t0);
    auto a = *p.choose(t0);
    auto b = *p.choose(t0);
    CHECK(a != b);
    // A link coming up takes the next request, whatever the burst.
    p.add_link(3, 0);
    p.started(a, t0);
    p.link_up(3, t0);
    CHECK(p.choose(t0) == 3u);
  }

  TEST_CASE("without burst slack each request goes to the least-loaded link") {
    auto p = two_links_up();
    for (int i = 0; i < 6; ++i) {
      auto link = *p.choose(t0);
      p.started(link, t0);
      auto [up, in_flight] = p.host_load(0);
      CHECK(up == 2);
      CHECK(in_flight == static_cast<std::uint32_t>(i + 1));
    }
    // 3 each: a burst never piled up on one.
    p.finished(1, t0);
    p.finished(1, t0);
    p.finished(1, t0);
    CHECK(p.choose(t0) == 1u);
  }

  TEST_CASE("a host whose breaker opened is passed over for another") {
    auto p = pool_of(network(2));
    p.add_link(1, 0);
    p.add_link(2, 1);
    p.link_up(1, t0);
    p.link_up(2, t0);
    p.started(1, t0);
    p.settled(0, false, {}, t0); // one failure opens host 0's breaker (threshold 1)
    for (int i = 0; i < 4; ++i)
      CHECK(p.choose(t0 + 1ms) == 2u);
  }

  TEST_CASE("a dropped link is a failure of its host only when it was up") {
    auto p = pool_of(network(1));
    p.add_link(1, 0);
    CHECK(p.link_down(1, t0)); // never up: no verdict on the host
    p.link_up(1, t0);
    CHECK(p.choose(t0) == 1u);
    CHECK(p.link_down(1, t0)); // up: a failure, and the breaker (threshold 1) opens
    p.link_up(1, t0);
    CHECK_FALSE(p.choose(t0 + 1ms).has_value());
    CHECK_FALSE(p.link_down(99, t0)); // unknown
  }

  TEST_CASE("an overflow link is asked for once, when every link of the host is busy") {
    auto p = pool_of(network(1, 1));
    p.add_link(1, 0);
    p.link_up(1, t0);
    p.started(1, t0);
    CHECK(p.take_overflow_requests() == std::vector<std::size_t>{0});
    p.started(1, t0);
    CHECK(p.take_overflow_requests().empty()); // already on its way
    p.add_link(2, 0, true);
    CHECK(p.is_overflow(2));
    p.link_up(2, t0);
    CHECK(p.choose(t0) == 2u); // the idle one
  }

  TEST_CASE("links past their age are recycled one per host at a time, never the last") {
    auto p = pool_of(network(1, 0, 1000));
    p.add_link(1, 0);
    p.add_link(2, 0);
    p.link_up(1, t0);
    p.link_up(2, t0 + 10ms);
    auto work = p.maintain(t0 + 2s);
    CHECK(work.recycle == std::vector<std::uint32_t>{1}); // the oldest
    CHECK(p.maintain(t0 + 2s).recycle.empty());           // one at a time
    CHECK_FALSE(p.is_up(1));
    p.link_up(1, t0 + 2s);
    CHECK(p.maintain(t0 + 2s).recycle == std::vector<std::uint32_t>{2});
  }

  TEST_CASE("a link taken out stays connected but takes no requests") {
    auto p = pool_of(network(1));
    p.add_link(1, 0);
    p.link_up(1, t0);
    p.take_out(1);
    CHECK_FALSE(p.any_up());
    CHECK_FALSE(p.choose(t0).has_value());
    CHECK(p.link_up(1, t0));
    CHECK(p.choose(t0) == 1u);
  }
}
