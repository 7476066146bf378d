#include "actors/pool_registry.hpp"

#include <doctest/doctest.h>

using switchyard::pool_registry;
using switchyard::pool_stats;

namespace {

pool_stats row(std::string network, std::string host, std::uint32_t open) {
  pool_stats r;
  r.network = std::move(network);
  r.host = std::move(host);
  r.open = open;
  return r;
}

pool_stats breaker_row(std::string state, std::uint64_t opened) {
  auto r = row("visa", "127.0.0.1:9001", 1);
  r.breaker = std::move(state);
  r.breaker_opened = opened;
  return r;
}

} // namespace

TEST_SUITE("pool_registry") {
  TEST_CASE("upsert replaces the row of the same network and host") {
    pool_registry p;
    p.upsert(row("visa", "127.0.0.1:1", 1));
    p.upsert(row("visa", "127.0.0.1:1", 4));
    auto rows = p.rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].open == 4);
  }

  TEST_CASE("rows are ordered by network, then host") {
    pool_registry p;
    p.upsert(row("visa", "b:2", 0));
    p.upsert(row("amex", "z:9", 0));
    p.upsert(row("visa", "a:1", 0));
    auto rows = p.rows();
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].network == "amex");
    CHECK(rows[1].host == "a:1");
    CHECK(rows[2].host == "b:2");
  }

  TEST_CASE("remove_network drops every host of that network only") {
    pool_registry p;
    p.upsert(row("visa", "a:1", 0));
    p.upsert(row("visa", "b:2", 0));
    p.upsert(row("mastercard", "c:3", 0));
    CHECK(p.remove_network("visa") == 2);
    CHECK(p.remove_network("visa") == 0);
    auto rows = p.rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].network == "mastercard");
  }

  TEST_CASE("a breaker that opens is told once, with its network and host") {
    pool_registry p;
    CHECK_FALSE(p.upsert(breaker_row("closed", 0)));
    CHECK(p.upsert(breaker_row("open", 1)) == "breaker opened on network visa host 127.0.0.1:9001");
    CHECK_FALSE(p.upsert(breaker_row("open", 1)));
    CHECK(p.upsert(breaker_row("half_open", 1))
          == "breaker half_open on network visa host 127.0.0.1:9001");
    CHECK(p.upsert(breaker_row("closed", 1))
          == "breaker closed on network visa host 127.0.0.1:9001");
    CHECK_FALSE(p.upsert(breaker_row("closed", 1)));
  }

  TEST_CASE("openings between two rows are told although the state looks unchanged") {
    pool_stats before = breaker_row("closed", 3);
    CHECK(switchyard::breaker_change(&before, breaker_row("closed", 5))
          == "breaker opened on network visa host 127.0.0.1:9001 (2 times), closed now");
    CHECK(switchyard::breaker_change(&before, breaker_row("half_open", 4))
          == "breaker opened on network visa host 127.0.0.1:9001, half_open now");
  }

  TEST_CASE("a new connector's first row is news only when its breaker is not closed") {
    CHECK_FALSE(switchyard::breaker_change(nullptr, breaker_row("closed", 0)));
    CHECK(switchyard::breaker_change(nullptr, breaker_row("open", 1))
          == "breaker open on network visa host 127.0.0.1:9001");
    // A restarted connector counts from zero again: its one opening is still news.
    pool_stats before = breaker_row("closed", 7);
    CHECK(switchyard::breaker_change(&before, breaker_row("open", 1))
          == "breaker opened on network visa host 127.0.0.1:9001");
  }
}
