#include "actors/iso8583/iso_traffic.hpp"
#include "tests/actors/iso8583/iso_traffic_test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

using switchyard::config::balancing_kind;
using switchyard::test::decode;
using switchyard::test::exchange;
using switchyard::test::make_traffic;
using switchyard::test::network;
using switchyard::test::request;
using switchyard::test::response_to;
using switchyard::test::stan;
using switchyard::test::t0;
using switchyard::test::timeout_ms;
using switchyard::test::traffic_with_link_up;
using namespace std::chrono_literals;

TEST_SUITE("iso_traffic") {
  TEST_CASE("a request before any link was added waits instead of getting 91") {
    auto t = make_traffic(network());
    CHECK(t.is_starting());
    auto r = t.dispatch(exchange(), t0);
    CHECK(r.wait);
    CHECK(r.code.empty());
    t.add_link(1, 0);
    t.link_down(1, t0); // the only link failed its first try: no more waiting
    CHECK_FALSE(t.is_starting());
    CHECK(t.dispatch(exchange(), t0).code == "91");
  }

  TEST_CASE("link_down returns only the exchanges in flight on that link") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1, t0);
    auto x1 = exchange(request("000001"));
    auto x2 = exchange(request("000002"));
    auto r1 = t.dispatch(x1, t0);
    t.link_up(2, t0); // the link just up takes the next request (a burst would stay on 1)
    auto r2 = t.dispatch(x2, t0);
    REQUIRE(r1.code.empty());
    REQUIRE(r2.code.empty());
    REQUIRE(r1.link != r2.link);
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{2, 2});

    auto lost = t.link_down(r1.link, t0 + 1ms);
    REQUIRE(lost.size() == 1);
    CHECK(lost[0] == x1);
    CHECK(t.counters().unavailable == 1);
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{1, 1});
    CHECK(t.any_link_up());

    auto d = t.on_response(r2.link, response_to(decode(r2.frame)), t0 + 2ms);
    REQUIRE(d.has_value());
    CHECK(d->exchange == x2);
  }

  TEST_CASE("a link that went down takes no more requests") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1, t0);
    t.link_up(2, t0);
    t.link_down(1, t0);
    for (int i = 0; i < 4; ++i) {
      auto r = t.dispatch(exchange(request(stan(i + 1))), t0);
      REQUIRE(r.code.empty());
      CHECK(r.link == 2);
    }
  }

  TEST_CASE("dispatch answers 91 once the last up link went down") {
    auto t = traffic_with_link_up();
    t.link_down(1, t0);
    CHECK_FALSE(t.any_link_up());
    auto r = t.dispatch(exchange(), t0);
    CHECK_FALSE(r.wait);
    CHECK(r.code == "91");
  }

  TEST_CASE("link_up of an unknown link or of an up link changes nothing") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(99, t0);
    CHECK_FALSE(t.any_link_up());
    CHECK(t.is_starting());
    t.link_up(1, t0);
    t.link_up(1, t0);
    CHECK(t.host_load(0).first == 1);
    t.link_down(1, t0);
    CHECK_FALSE(t.any_link_up());
    CHECK(t.host_load(0).first == 0);
    CHECK(t.link_down(99, t0).empty());
  }

  TEST_CASE("the breaker opens after failure_threshold timeouts and reopens to traffic after "
            "recovery_timeout") {
    auto t = traffic_with_link_up();
    for (int i = 0; i < 3; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    auto timed_out = t0 + std::chrono::milliseconds(timeout_ms);
    REQUIRE(t.expire(timed_out).size() == 3);

    auto r = t.dispatch(exchange(request("000010")), timed_out);
    CHECK(r.code == "91");
    CHECK_FALSE(r.wait);
    CHECK(t.dispatch(exchange(request("000011")), timed_out + 999ms).code == "91");
    CHECK(t.counters().unavailable == 2);

    auto trial = t.dispatch(exchange(request("000012")), timed_out + 1000ms);
    CHECK(trial.code.empty());
    CHECK(trial.link == 1);
  }

  TEST_CASE("timeouts below the threshold do not open the breaker when a success breaks the run") {
    auto t = traffic_with_link_up();
    auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
    for (int i = 0; i < 2; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    REQUIRE(t.expire(deadline).size() == 2);
    auto ok = t.dispatch(exchange(request("000003")), deadline);
    REQUIRE(ok.code.empty());
    REQUIRE(t.on_response(1, response_to(decode(ok.frame)), deadline + 1ms).has_value());
    for (int i = 0; i < 2; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 4))), deadline).code.empty());
    REQUIRE(t.expire(deadline + std::chrono::milliseconds(timeout_ms)).size() == 2);
    CHECK(t.dispatch(exchange(request("000006")), deadline + 100ms).code.empty());
  }

  TEST_CASE("a request refused for its own sake in half-open does not use up a breaker trial") {
    auto t = traffic_with_link_up();
    for (int i = 0; i < 3; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    auto timed_out = t0 + std::chrono::milliseconds(timeout_ms);
    REQUIRE(t.expire(timed_out).size() == 3);
    auto half_open = timed_out + 1000ms;

    // half_open_successes is 2: two requests the network's dialect cannot carry (answered 96)
    // must not take both trial slots.
    auto malformed = request("000020");
    malformed.set(4, "0000000010000"); // 13 digits in an n 12 field
    CHECK(t.dispatch(exchange(malformed), half_open).code == "96");
    CHECK(t.dispatch(exchange(malformed), half_open).code == "96");
    auto r = t.dispatch(exchange(request("000021")), half_open);
    CHECK(std::string{r.code}.empty());
    CHECK(std::string{r.code} != "91");
    CHECK(r.link == 1);
  }

  TEST_CASE("weighted round robin sends three of four requests to the host of weight 3") {
    auto t = make_traffic(network({3, 1}, balancing_kind::weighted_round_robin));
    t.add_link(10, 0);
    t.add_link(20, 1);
    t.link_up(10, t0);
    t.link_up(20, t0);
    std::map<std::uint32_t, int> frames;
    for (int i = 0; i < 8; ++i) {
      auto r = t.dispatch(exchange(request(stan(i + 1))), t0);
      REQUIRE(r.code.empty());
      REQUIRE_FALSE(r.frame.empty());
      ++frames[r.link];
    }
    CHECK(frames[10] == 6);
    CHECK(frames[20] == 2);
    CHECK(frames.size() == 2);
  }

  TEST_CASE("host_load reports the up links and requests in flight of each host") {
    auto t = make_traffic(network({1, 1}));
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.add_link(3, 1);
    t.link_up(1, t0);
    t.link_up(2, t0);
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{2, 0});
    CHECK(t.host_load(1) == std::pair<std::uint32_t, std::uint32_t>{0, 0});
    for (int i = 0; i < 3; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{2, 3});
    CHECK(t.host_load(1) == std::pair<std::uint32_t, std::uint32_t>{0, 0});
  }
}
