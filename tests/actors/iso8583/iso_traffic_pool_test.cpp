// The pool side of iso_traffic: bursts kept on one link, overflow connections under load,
// recycling by age.

#include "actors/iso8583/iso_traffic.hpp"
#include "tests/actors/iso8583/iso_traffic_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

using switchyard::iso_traffic;
using switchyard::test::decode;
using switchyard::test::exchange;
using switchyard::test::make_traffic;
using switchyard::test::network;
using switchyard::test::request;
using switchyard::test::response_to;
using switchyard::test::stan;
using switchyard::test::t0;
using namespace std::chrono_literals;

namespace {

switchyard::config::network_settings pool_network(std::uint32_t overflow,
                                                  std::uint32_t max_age_ms) {
  auto n = network();
  n.timeout_ms = 60000; // nothing times out in these tests
  n.pool_overflow = overflow;
  n.pool_overflow_idle_ms = 1000;
  n.pool_max_age_ms = max_age_ms;
  return n;
}

// Traffic whose host 0 has links 1..count up since t0.
iso_traffic traffic_with_links(const switchyard::config::network_settings& n, int count) {
  auto t = make_traffic(n);
  for (int id = 1; id <= count; ++id) {
    t.add_link(static_cast<std::uint32_t>(id), 0);
    t.link_up(static_cast<std::uint32_t>(id), t0);
  }
  return t;
}

bool contains(const std::vector<std::uint32_t>& v, std::uint32_t x) {
  return std::ranges::find(v, x) != v.end();
}

} // namespace

TEST_SUITE("iso_traffic pool") {
  TEST_CASE("requests handled together go out on one link and move on past 32 ahead") {
    auto t = traffic_with_links(pool_network(0, 0), 2);
    std::vector<std::uint32_t> links;
    for (int i = 1; i <= 34; ++i) {
      auto r = t.dispatch(exchange(request(stan(i))), t0);
      REQUIRE(r.code.empty());
      links.push_back(r.link);
    }
    // 33 on the first (at most 32 ahead of the idle one), then the burst moves on.
    CHECK(std::ranges::count(links, links.front()) == 33);
    CHECK(links.back() != links.front());
  }

  TEST_CASE("a network with pool_overflow spreads its requests one by one") {
    auto t = traffic_with_links(pool_network(1, 0), 2);
    std::vector<std::uint32_t> links;
    for (int i = 1; i <= 6; ++i)
      links.push_back(t.dispatch(exchange(request(stan(i))), t0).link);
    CHECK(std::ranges::count(links, 1u) == 3);
    CHECK(std::ranges::count(links, 2u) == 3);
  }

  TEST_CASE("a host whose every link is busy asks for one overflow link at a time") {
    auto t = traffic_with_links(pool_network(1, 0), 1);
    CHECK(t.busy_links(0) == 0);
    REQUIRE(t.dispatch(exchange(request(stan(1))), t0).code.empty());
    CHECK(t.busy_links(0) == 1);
    CHECK(t.take_overflow_requests() == std::vector<std::size_t>{0});
    REQUIRE(t.dispatch(exchange(request(stan(2))), t0).code.empty());
    CHECK(t.take_overflow_requests().empty()); // one is on its way already
    t.add_link(2, 0, true);
    CHECK(t.is_overflow(2));
    CHECK_FALSE(t.is_overflow(1));
    t.link_up(2, t0 + 1ms);
    auto on_overflow = t.dispatch(exchange(request(stan(3))), t0 + 2ms);
    REQUIRE(on_overflow.code.empty());
    CHECK(on_overflow.link == 2);
    CHECK(t.take_overflow_requests().empty()); // pool_overflow = 1 reached
  }

  TEST_CASE("without pool_overflow a busy host asks for nothing") {
    auto t = traffic_with_links(pool_network(0, 0), 1);
    for (int i = 1; i <= 3; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i))), t0).code.empty());
    CHECK(t.take_overflow_requests().empty());
  }

  TEST_CASE("an idle host with free links asks for nothing") {
    auto t = traffic_with_links(pool_network(2, 0), 2);
    REQUIRE(t.dispatch(exchange(request(stan(1))), t0).code.empty());
    CHECK(t.take_overflow_requests().empty()); // link 2 is still free
  }

  TEST_CASE("an overflow link closes once idle for pool_overflow_idle_ms") {
    auto t = traffic_with_links(pool_network(1, 0), 1);
    t.add_link(2, 0, true);
    t.link_up(2, t0);
    auto r = t.dispatch(exchange(request(stan(1))), t0);
    REQUIRE(r.code.empty());
    CHECK(t.busy_links(0) == 1);
    auto d = t.on_response(r.link, response_to(decode(r.frame)), t0 + 100ms);
    REQUIRE(d.has_value());
    CHECK(t.busy_links(0) == 0);
    CHECK(t.maintain_pool(t0 + 900ms).close.empty());
    auto work = t.maintain_pool(t0 + 1100ms);
    CHECK(work.close == std::vector<std::uint32_t>{2});
    t.remove_link(2, t0 + 1100ms);
    CHECK(t.link_counts() == std::pair<std::uint32_t, std::uint32_t>{1, 1});
  }

  TEST_CASE("an overflow link that never came up holds off the next one for a while") {
    auto n = pool_network(1, 0);
    n.connect_timeout_ms = 500;
    auto t = traffic_with_links(n, 1);
    REQUIRE(t.dispatch(exchange(request(stan(1))), t0).code.empty());
    REQUIRE(t.take_overflow_requests().size() == 1);
    t.add_link(2, 0, true);
    t.link_down(2, t0 + 10ms); // connect refused
    t.remove_link(2, t0 + 10ms);
    REQUIRE(t.dispatch(exchange(request(stan(2))), t0 + 500ms).code.empty());
    CHECK(t.take_overflow_requests().empty());
    REQUIRE(t.dispatch(exchange(request(stan(3))), t0 + 1100ms).code.empty());
    CHECK(t.take_overflow_requests() == std::vector<std::size_t>{0});
  }

  TEST_CASE("links past pool_max_age_ms are recycled one at a time, the oldest first") {
    auto t = make_traffic(pool_network(0, 1000));
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1, t0 + 10ms);
    t.link_up(2, t0);
    CHECK(t.maintain_pool(t0 + 900ms).recycle.empty());
    auto work = t.maintain_pool(t0 + 1100ms);
    CHECK(work.recycle == std::vector<std::uint32_t>{2});
    CHECK(t.link_counts() == std::pair<std::uint32_t, std::uint32_t>{2, 1});
    // While link 2 reconnects, link 1 carries everything and is not drained too.
    CHECK(t.maintain_pool(t0 + 1200ms).recycle.empty());
    auto r = t.dispatch(exchange(request(stan(1))), t0 + 1200ms);
    REQUIRE(r.code.empty());
    CHECK(r.link == 1);
    t.link_up(2, t0 + 1300ms);
    t.on_response(r.link, response_to(decode(r.frame)), t0 + 1300ms);
    CHECK(t.maintain_pool(t0 + 1400ms).recycle == std::vector<std::uint32_t>{1});
  }

  TEST_CASE("a link being drained takes no new requests and is recycled once empty") {
    auto t = make_traffic(pool_network(0, 1000));
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1, t0);
    t.link_up(2, t0 + 500ms);
    auto first = t.dispatch(exchange(request(stan(1))), t0 + 600ms);
    REQUIRE(first.code.empty());
    REQUIRE(first.link == 1);
    CHECK(t.maintain_pool(t0 + 1100ms).recycle.empty()); // draining, one in flight
    for (int i = 2; i <= 4; ++i) {
      auto r = t.dispatch(exchange(request(stan(i))), t0 + 1100ms);
      REQUIRE(r.code.empty());
      CHECK(r.link == 2);
    }
    auto d = t.on_response(first.link, response_to(decode(first.frame)), t0 + 1200ms);
    REQUIRE(d.has_value());
    CHECK(contains(t.maintain_pool(t0 + 1300ms).recycle, 1));
  }

  TEST_CASE("a pool whose links all age together loses one link at a time, until it is back") {
    auto t = traffic_with_links(pool_network(0, 1000), 4);
    std::vector<std::uint32_t> recycled;
    for (int tick = 0; tick < 5; ++tick) {
      auto work = t.maintain_pool(t0 + 1100ms + tick * 250ms);
      recycled.insert(recycled.end(), work.recycle.begin(), work.recycle.end());
    }
    REQUIRE(recycled.size() == 1);
    CHECK(t.link_counts() == std::pair<std::uint32_t, std::uint32_t>{4, 3});
    t.link_up(recycled[0], t0 + 2500ms);
    auto next = t.maintain_pool(t0 + 2600ms).recycle;
    REQUIRE(next.size() == 1);
    CHECK(next[0] != recycled[0]);
    CHECK(t.link_counts() == std::pair<std::uint32_t, std::uint32_t>{4, 3});
  }

  TEST_CASE("a link that fails to come back holds off further recycling of its host") {
    auto t = traffic_with_links(pool_network(0, 1000), 3);
    auto first = t.maintain_pool(t0 + 1100ms).recycle;
    REQUIRE(first.size() == 1);
    t.link_down(first[0], t0 + 1200ms); // the reconnect was refused
    CHECK(t.maintain_pool(t0 + 1500ms).recycle.empty());
    CHECK(t.link_counts() == std::pair<std::uint32_t, std::uint32_t>{3, 2});
  }

  TEST_CASE("an idle overflow link closes but never leaves its host without a connection") {
    auto t = traffic_with_links(pool_network(1, 1000), 1);
    t.add_link(2, 0, true);
    t.link_up(2, t0 + 10ms);
    auto work = t.maintain_pool(t0 + 1100ms);
    CHECK(work.close == std::vector<std::uint32_t>{2});
    CHECK(work.recycle.empty()); // the only pool link is never recycled
    for (auto id : work.close)
      t.remove_link(id, t0 + 1100ms);
    CHECK(t.any_link_up());
    CHECK(t.dispatch(exchange(request(stan(1))), t0 + 1100ms).code.empty());
  }

  TEST_CASE("an overflow link stays while the host's pool links are down") {
    auto t = traffic_with_links(pool_network(1, 0), 1);
    t.add_link(2, 0, true);
    t.link_up(2, t0);
    t.link_down(1, t0 + 10ms);
    CHECK(t.maintain_pool(t0 + 5s).close.empty());
    auto r = t.dispatch(exchange(request(stan(1))), t0 + 5s);
    REQUIRE(r.code.empty());
    CHECK(r.link == 2);
  }

  TEST_CASE("a drained link waiting for its recycling does not stop the pool from growing") {
    auto t = make_traffic(pool_network(1, 1000));
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1, t0);
    t.link_up(2, t0 + 500ms);
    auto on_old = t.dispatch(exchange(request(stan(1))), t0 + 600ms);
    REQUIRE(on_old.link == 1);
    t.take_overflow_requests();   // link 2 was free: nothing asked
    t.maintain_pool(t0 + 1100ms); // link 1 drains with a request in flight
    REQUIRE(t.on_response(1, response_to(decode(on_old.frame)), t0 + 1150ms).has_value());
    // Link 1 is empty but still up until the next tick; link 2 alone takes requests.
    REQUIRE(t.dispatch(exchange(request(stan(2))), t0 + 1200ms).link == 2);
    CHECK(t.take_overflow_requests() == std::vector<std::size_t>{0});
  }

  TEST_CASE("the last link carrying traffic is never drained") {
    auto t = traffic_with_links(pool_network(0, 1000), 1);
    CHECK(t.maintain_pool(t0 + 5s).recycle.empty());
    CHECK(t.dispatch(exchange(request(stan(1))), t0 + 5s).code.empty());
  }

  TEST_CASE("a draining link takes traffic again when the host's other links drop") {
    auto t = make_traffic(pool_network(0, 1000));
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1, t0);
    t.link_up(2, t0 + 500ms);
    REQUIRE(t.dispatch(exchange(request(stan(1))), t0 + 600ms).link == 1);
    t.maintain_pool(t0 + 1100ms); // link 1 drains, a request still in flight
    t.link_down(2, t0 + 1200ms);
    auto r = t.dispatch(exchange(request(stan(2))), t0 + 1200ms);
    REQUIRE(r.code.empty());
    CHECK(r.link == 1);
  }
}
