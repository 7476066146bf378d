#include "actors/iso8583/iso_pending.hpp"
#include "tests/actors/iso8583/iso_pending_test_support.hpp"
#include "tests/core/chrono_output.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using pending_requests = switchyard::iso_pending;
using switchyard::core::time_point;
using switchyard::iso8583::message;
using switchyard::iso_pending_test::add_ok;
using switchyard::iso_pending_test::answer;
using switchyard::iso_pending_test::matched_ticket;
using switchyard::iso_pending_test::request;
using switchyard::iso_pending_test::stan_tid;
using switchyard::iso_pending_test::t0;

namespace {

// Sends a request with STAN `stan` and answers it at once; true when the answer matched it.
bool pass_through(pending_requests& table, int stan, time_point deadline) {
  auto m = request(std::to_string(stan));
  auto added = table.add(m, 1, deadline);
  auto r = answer(m);
  return added && matched_ticket(table, r) == added.ticket;
}

using tickets = std::vector<std::uint64_t>;

// Adds 50 requests with deadlines 50s..99s in scrambled order and passes 20 others (deadlines
// 40s..46s) through after each; returns the 50 tickets in deadline order, or nothing when an
// answer went astray.
std::optional<tickets> wait_amid_traffic(pending_requests& table) {
  tickets by_deadline(50);
  for (std::size_t w = 0; w < by_deadline.size(); ++w) {
    auto offset = (w * 37) % 50;
    auto m = request(std::to_string(900000 + w));
    by_deadline[offset] = table.add(m, 1, t0 + 50s + offset * 1s).ticket;
    for (int i = 0; i < 20; ++i) {
      auto n = static_cast<int>(w) * 20 + i;
      if (!pass_through(table, 100000 + n, t0 + 40s + (n % 7) * 1s))
        return std::nullopt;
    }
  }
  return by_deadline;
}

} // namespace

TEST_SUITE("iso_pending") {
  TEST_CASE("a late response after expiry is counted and not matched") {
    pending_requests table{stan_tid, 60s};
    auto req = request("000321");
    auto ticket = add_ok(table, req, 1, t0 + 30s);
    CHECK(table.expire(t0 + 30s) == tickets{ticket});
    auto late = answer(req);
    CHECK_FALSE(table.match(late).has_value());
    CHECK(table.late_responses() == 1);
  }

  TEST_CASE("a late response is not matched to a new request reusing its key") {
    pending_requests table{stan_tid, 60s};
    auto old_request = request("000321");
    add_ok(table, old_request, 1, t0 + 30s);
    table.expire(t0 + 30s);
    auto new_request = request("000321");
    auto fresh = add_ok(table, new_request, 1, t0 + 60s);
    CHECK(new_request.get(11) != "000321");
    auto late = answer(old_request);
    CHECK_FALSE(table.match(late).has_value());
    CHECK(table.late_responses() == 1);
    CHECK(table.size() == 1);
    auto on_time = answer(new_request);
    auto m = table.match(on_time);
    REQUIRE(m.has_value());
    CHECK(m->ticket == fresh);
    CHECK(on_time.get(11) == "000321");
  }

  TEST_CASE("expire returns tickets earliest deadline first") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000001");
    auto b = request("000002");
    auto c = request("000003");
    auto ta = add_ok(table, a, 1, t0 + 3s);
    auto tb = add_ok(table, b, 1, t0 + 1s);
    auto tc = add_ok(table, c, 1, t0 + 2s);
    CHECK(table.expire(t0 + 10s) == tickets{tb, tc, ta});
    CHECK(table.size() == 0);
  }

  TEST_CASE("requests sharing a deadline expire in the order they were added") {
    pending_requests table{stan_tid, 60s};
    tickets added;
    for (int i = 0; i < 20; ++i) {
      auto m = request(std::to_string(100000 + (i * 7919) % 1000));
      added.push_back(add_ok(table, m, 1, t0 + 5s));
    }
    CHECK(table.expire(t0 + 5s) == added);
  }

  TEST_CASE("a deadline equal to now expires and a later one does not") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000001");
    auto b = request("000002");
    auto ta = add_ok(table, a, 1, t0 + 5s);
    auto tb = add_ok(table, b, 1, t0 + 5s + 1ns);
    CHECK(table.expire(t0 + 5s - 1ns).empty());
    CHECK(table.expire(t0 + 5s) == tickets{ta});
    CHECK(table.size() == 1);
    CHECK(table.expire(t0 + 5s + 1ns) == tickets{tb});
  }

  TEST_CASE("next deadline follows the earliest request in flight") {
    pending_requests table{stan_tid, 60s};
    CHECK_FALSE(table.next_deadline().has_value());
    auto a = request("000001");
    auto b = request("000002");
    add_ok(table, a, 1, t0 + 2s);
    add_ok(table, b, 1, t0 + 1s);
    CHECK(table.next_deadline() == t0 + 1s);
    auto rb = answer(b);
    table.match(rb);
    CHECK(table.next_deadline() == t0 + 2s);
    auto ra = answer(a);
    table.match(ra);
    CHECK_FALSE(table.next_deadline().has_value());
  }

  TEST_CASE("fail link removes only the requests sent on that link") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000001");
    auto b = request("000002");
    auto c = request("000003");
    auto ta = add_ok(table, a, 1, t0 + 3s);
    auto tb = add_ok(table, b, 2, t0 + 2s);
    auto tc = add_ok(table, c, 1, t0 + 1s);
    CHECK(table.fail_link(1) == tickets{tc, ta});
    CHECK(table.size() == 1);
    CHECK(table.fail_link(1).empty());
    CHECK(table.next_deadline() == t0 + 2s);
    auto rb = answer(b);
    CHECK(matched_ticket(table, rb) == tb);
  }

  TEST_CASE("keys of a failed link become tombstones") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000001");
    add_ok(table, a, 1, t0 + 30s);
    table.fail_link(1);
    CHECK(table.tombstones() == 1);
    auto again = request("000001");
    add_ok(table, again, 2, t0 + 60s);
    CHECK(again.get(11) != "000001");
    auto late = answer(a);
    CHECK_FALSE(table.match(late).has_value());
    CHECK(table.late_responses() == 1);
  }

  TEST_CASE("cancel removes a request once and leaves a tombstone") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000001");
    auto ticket = add_ok(table, a, 1, t0 + 30s);
    CHECK(table.cancel(ticket));
    CHECK_FALSE(table.cancel(ticket));
    CHECK_FALSE(table.cancel(0));
    CHECK(table.size() == 0);
    CHECK(table.tombstones() == 1);
    CHECK_FALSE(table.next_deadline().has_value());
    auto late = answer(a);
    CHECK_FALSE(table.match(late).has_value());
  }

  TEST_CASE("tombstones are purged once their TTL has passed") {
    pending_requests table{stan_tid, 10s};
    auto a = request("000001");
    add_ok(table, a, 1, t0 + 5s);
    table.expire(t0 + 5s);
    CHECK(table.tombstones() == 1);
    table.expire(t0 + 15s - 1ns);
    CHECK(table.tombstones() == 1);
    table.expire(t0 + 15s);
    CHECK(table.tombstones() == 0);
    auto reuse = request("000001");
    add_ok(table, reuse, 1, t0 + 60s);
    CHECK(reuse.get(11) == "000001");
    CHECK(table.remapped_count() == 0);
  }

  TEST_CASE("a cancelled key stays a tombstone until its deadline plus the TTL") {
    pending_requests table{stan_tid, 10s};
    auto a = request("000001");
    auto ticket = add_ok(table, a, 1, t0 + 30s);
    table.cancel(ticket);
    table.expire(t0 + 39s);
    CHECK(table.tombstones() == 1);
    table.expire(t0 + 40s);
    CHECK(table.tombstones() == 0);
  }

  TEST_CASE("a ticket is never reused for a later request in the same slot") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000001");
    auto first = add_ok(table, a, 1, t0 + 30s);
    auto ra = answer(a);
    table.match(ra);
    auto b = request("000002");
    auto second = add_ok(table, b, 1, t0 + 30s);
    CHECK(second != first);
    CHECK_FALSE(table.cancel(first));
    CHECK(table.size() == 1);
    CHECK(table.cancel(second));
  }

  TEST_CASE("deadlines stay exact after many requests are matched out of order") {
    pending_requests table{stan_tid, 60s};
    auto first = request("999999");
    auto first_ticket = add_ok(table, first, 1, t0 + 30s);
    auto by_deadline = wait_amid_traffic(table);
    REQUIRE(by_deadline.has_value());
    CHECK(table.size() == 51);
    CHECK(table.next_deadline() == t0 + 30s);
    CHECK(table.expire(t0 + 49s) == tickets{first_ticket});
    CHECK(table.next_deadline() == t0 + 50s);
    CHECK(table.expire(t0 + 99s) == *by_deadline);
    CHECK_FALSE(table.next_deadline().has_value());
  }

  TEST_CASE("expiry order survives matching requests from the middle of the deadline order") {
    pending_requests table{stan_tid, 60s};
    std::vector<message> sent(60);
    tickets expected(60);
    for (std::size_t i = 0; i < sent.size(); ++i) {
      auto offset = (i * 37) % 60;
      sent[i] = request(std::to_string(200000 + i));
      expected[offset] = add_ok(table, sent[i], 1, t0 + 100s + offset * 1s);
    }
    // Two thirds are answered, leaving holes all over the deadline heap.
    for (std::size_t i = 0; i < sent.size(); ++i) {
      auto r = answer(sent[i]);
      if (i % 3 != 0 && table.match(r))
        expected[(i * 37) % 60] = 0;
    }
    std::erase(expected, 0U);
    bool all_matched = true;
    for (int i = 0; i < 100; ++i)
      all_matched = pass_through(table, 300000 + i, t0 + 500s) && all_matched;
    CHECK(all_matched);
    CHECK(table.size() == 20);
    CHECK(table.expire(t0 + 1000s) == expected);
  }

  TEST_CASE("a moved table keeps its requests and tombstones") {
    pending_requests source{stan_tid, 60s};
    auto a = request("000001");
    auto b = request("000002");
    auto ta = add_ok(source, a, 3, t0 + 30s);
    add_ok(source, b, 3, t0 + 1s);
    source.expire(t0 + 1s);
    pending_requests moved{std::move(source)};
    CHECK(moved.size() == 1);
    CHECK(moved.tombstones() == 1);
    auto ra = answer(a);
    CHECK(matched_ticket(moved, ra) == ta);
  }
}
