// The protocol-neutral pending table: opaque keys, tickets, deadlines and tombstones. The
// ISO 8583 keys and switch-assigned STANs built on it are tested with iso_pending.

#include "core/pending_requests.hpp"

#include "tests/core/allocation_counter.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using switchyard::core::pending_requests;
using switchyard::core::time_point;

namespace {

const time_point t0{};

using tickets = std::vector<std::uint64_t>;

} // namespace

TEST_SUITE("pending_requests") {
  TEST_CASE("a key matches its request once, with the link it was sent on") {
    pending_requests table{60s};
    auto ticket = table.add("key-1", 7, t0 + 30s);
    CHECK(ticket != 0);
    CHECK(table.in_flight("key-1") == ticket);
    CHECK(table.is_taken("key-1"));
    auto m = table.match("key-1");
    REQUIRE(m.has_value());
    CHECK(m->ticket == ticket);
    CHECK(m->link == 7);
    CHECK_FALSE(table.match("key-1").has_value());
    CHECK(table.late_responses() == 1);
    CHECK(table.size() == 0);
    // Answered in time: the key is free again, no tombstone.
    CHECK_FALSE(table.is_taken("key-1"));
  }

  TEST_CASE("keys are bytes: ones that differ only after a zero byte stay apart") {
    pending_requests table{60s};
    auto a = table.add(std::string{"k\0a", 3}, 1, t0 + 30s);
    auto b = table.add(std::string{"k\0b", 3}, 1, t0 + 30s);
    CHECK(a != b);
    CHECK(table.match(std::string{"k\0b", 3})->ticket == b);
    CHECK(table.match(std::string{"k\0a", 3})->ticket == a);
  }

  TEST_CASE("expired requests leave tombstones that end after the TTL") {
    pending_requests table{10s};
    auto first = table.add("a", 1, t0 + 2s);
    auto second = table.add("b", 1, t0 + 1s);
    table.add("c", 1, t0 + 5s);
    CHECK(table.next_deadline() == t0 + 1s);
    CHECK(table.expire(t0 + 2s) == tickets{second, first});
    CHECK(table.is_taken("a"));
    CHECK_FALSE(table.in_flight("a").has_value());
    CHECK_FALSE(table.match("a").has_value()); // a late answer is no one's
    CHECK(table.tombstones() == 2);
    table.expire(t0 + 12s + 1ms);
    CHECK_FALSE(table.is_taken("a"));
    CHECK(table.tombstones() == 1); // "c" expired at 5 s and rests until 17 s
  }

  TEST_CASE("a tombstone is taken over by the next request with its key") {
    pending_requests table{10s};
    table.add("a", 1, t0 + 1s);
    table.expire(t0 + 1s);
    auto again = table.add("a", 1, t0 + 5s);
    CHECK(table.match("a")->ticket == again);
  }

  TEST_CASE("a failed link takes its requests, earliest deadline first, as tombstones") {
    pending_requests table{10s};
    auto late = table.add("a", 2, t0 + 9s);
    table.add("b", 3, t0 + 1s);
    auto early = table.add("c", 2, t0 + 4s);
    CHECK(table.fail_link(2) == tickets{early, late});
    CHECK(table.size() == 1);
    CHECK(table.is_taken("a"));
    CHECK(table.in_flight("b").has_value());
  }

  TEST_CASE("a cancelled ticket frees nothing of others and answers false twice") {
    pending_requests table{10s};
    auto a = table.add("a", 1, t0 + 1s);
    auto b = table.add("b", 1, t0 + 1s);
    CHECK(table.cancel(a));
    CHECK_FALSE(table.cancel(a));
    CHECK(table.is_taken("a"));
    CHECK(table.match("b")->ticket == b);
    // A reused slot gets a ticket of its own: the old one stays unknown.
    auto c = table.add("c", 1, t0 + 1s);
    CHECK(c != a);
    CHECK_FALSE(table.cancel(a));
  }

  TEST_CASE("steady traffic allocates nothing once the table is warm") {
    pending_requests table{60s};
    std::vector<std::string> keys;
    for (int i = 0; i < 64; ++i)
      keys.push_back("key-" + std::to_string(100000 + i));
    auto round = [&] {
      for (const auto& k : keys)
        table.add(k, 1, t0 + 30s);
      for (const auto& k : keys)
        table.match(k);
    };
    round();
    round();
    auto before = switchyard::core::testing::allocations();
    for (int i = 0; i < 10; ++i)
      round();
    CHECK(switchyard::core::testing::allocations() == before);
  }
}
