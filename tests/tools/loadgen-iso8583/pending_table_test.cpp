#include "tools/loadgen-iso8583/pending_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <vector>

using switchyard::loadgen::pending_table;
using namespace std::chrono_literals;

TEST_SUITE("loadgen pending table") {
  TEST_CASE("STANs in flight are unique and the table fills at its capacity") {
    pending_table table{64};
    const auto t0 = pending_table::clock::now();
    std::set<std::uint32_t> stans;
    while (!table.full())
      stans.insert(table.acquire(t0));
    CHECK(stans.size() == 64);
    CHECK(table.in_flight() == 64);
    CHECK(*stans.begin() >= 1);
    CHECK(*stans.rbegin() <= 999999);
  }

  TEST_CASE("releasing returns the send time and sequence once") {
    pending_table table{4};
    const auto t0 = pending_table::clock::now();
    const auto stan = table.acquire(t0, 77);
    CHECK(stan == 1);
    const auto ended = table.release(stan);
    REQUIRE(ended);
    CHECK(ended->sent == t0);
    CHECK(ended->sequence == 77);
    CHECK_FALSE(table.release(stan));
    CHECK_FALSE(table.release(0));
    CHECK_FALSE(table.release(3));
    CHECK(table.in_flight() == 0);
  }

  TEST_CASE("a reused slot gets a new STAN so a late answer does not match") {
    pending_table table{1};
    const auto t0 = pending_table::clock::now();
    const auto first = table.acquire(t0);
    CHECK(table.expire(t0 + 1ms).size() == 1);
    const auto second = table.acquire(t0 + 2ms);
    CHECK(second != first);
    CHECK_FALSE(table.release(first));
    CHECK(table.release(second)->sent == t0 + 2ms);
  }

  TEST_CASE("STANs wrap within six digits") {
    pending_table table{400000};
    const auto t0 = pending_table::clock::now();
    for (int round = 0; round < 5; ++round) {
      const auto stan = table.acquire(t0);
      CHECK(stan <= 999999);
      CHECK(table.release(stan));
    }
  }

  TEST_CASE("expire ends only requests sent before the cutoff and clear ends the rest") {
    pending_table table{8};
    const auto t0 = pending_table::clock::now();
    table.acquire(t0, 1);
    table.acquire(t0 + 10ms, 2);
    const auto late = table.acquire(t0 + 20ms, 3);
    auto expired = table.expire(t0 + 15ms);
    std::sort(expired.begin(), expired.end());
    CHECK(expired == std::vector<std::uint64_t>{1, 2});
    CHECK(table.in_flight() == 1);
    CHECK(table.release(late)->sent == t0 + 20ms);
    table.acquire(t0, 4);
    CHECK(table.clear() == std::vector<std::uint64_t>{4});
    CHECK(table.in_flight() == 0);
  }
}
