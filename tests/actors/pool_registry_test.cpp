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
}
