#include "core/pending_requests.hpp"

#include "protocols/iso8583/response.hpp"
#include "tests/core/allocation_counter.hpp"
#include "tests/core/chrono_output.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using switchyard::core::pending_errc;
using switchyard::core::pending_requests;
using switchyard::core::time_point;
using switchyard::iso8583::message;

namespace {

const time_point t0{};

const std::vector<std::uint16_t> stan_tid = {11, 41};

message request(std::string_view stan, std::string_view tid = "TERM0001",
                std::string_view mti = "0200") {
  message m;
  m.set_mti(mti);
  m.set(2, "4111111111111111");
  m.set(11, stan);
  m.set(41, tid);
  m.set(37, "123456789012");
  return m;
}

// The upstream's answer to `sent` as it went on the wire (with any switch-assigned STAN).
message answer(const message& sent) {
  auto response = switchyard::iso8583::make_response(sent);
  REQUIRE(response.has_value());
  response->set(39, "00");
  return *response;
}

std::uint64_t add_ok(pending_requests& table, message& m, std::uint32_t link, time_point deadline) {
  auto result = table.add(m, link, deadline);
  REQUIRE(result);
  return result.ticket;
}

// Returns the ticket `response` matches, or 0 when it matches none.
std::uint64_t matched_ticket(pending_requests& table, message& response) {
  auto m = table.match(response);
  return m ? m->ticket : 0;
}

// Sends a request with STAN `stan` and answers it at once; true when the answer matched it.
bool pass_through(pending_requests& table, int stan, time_point deadline) {
  auto m = request(std::to_string(stan));
  auto added = table.add(m, 1, deadline);
  auto r = answer(m);
  return added && matched_ticket(table, r) == added.ticket;
}

// Sends every request of `requests` with fresh STANs for `round`, then answers them all
// through `responses` (reused buffers); true when each answer matched.
bool add_and_match(pending_requests& table, std::vector<message>& requests,
                   std::vector<message>& responses, int round) {
  static const switchyard::iso8583::response_settings echo; // its field list allocates once
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto stan = (static_cast<std::uint64_t>(round) * requests.size() + i) % 900000 + 1;
    requests[i].set_uint(11, stan, 6);
    if (!table.add(requests[i], 1, t0 + 30s))
      return false;
    switchyard::iso8583::make_response(requests[i], responses[i], echo);
  }
  return std::all_of(responses.begin(), responses.end(),
                     [&](message& r) { return table.match(r).has_value(); });
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

TEST_SUITE("pending_requests") {
  TEST_CASE("a response matches its request and removes it") {
    pending_requests table{stan_tid, 60s};
    auto req = request("000123");
    auto ticket = add_ok(table, req, 7, t0 + 30s);
    CHECK(ticket != 0);
    CHECK(table.size() == 1);
    auto resp = answer(req);
    auto m = table.match(resp);
    REQUIRE(m.has_value());
    CHECK(m->ticket == ticket);
    CHECK(m->link == 7);
    CHECK(table.size() == 0);
    CHECK(table.late_responses() == 0);
    CHECK_FALSE(table.match(resp).has_value());
    CHECK(table.late_responses() == 1);
  }

  TEST_CASE("the key of a request is the response MTI of its class") {
    const std::vector<std::pair<std::string, std::string>> classes
      = {{"0100", "0110"}, {"0200", "0210"}, {"0201", "0210"}, {"0400", "0410"},
         {"0420", "0430"}, {"0421", "0430"}, {"0800", "0810"}};
    for (const auto& mtis : classes) {
      INFO("request MTI " << mtis.first);
      pending_requests table{stan_tid, 60s};
      auto req = request("000001", "TERM0001", mtis.first);
      add_ok(table, req, 1, t0 + 30s);
      auto echoed = request("000001", "TERM0001", mtis.first);
      CHECK_FALSE(table.match(echoed).has_value());
      auto resp = request("000001", "TERM0001", mtis.second);
      CHECK(table.match(resp).has_value());
    }
  }

  TEST_CASE("a response of another message class does not match") {
    pending_requests table{stan_tid, 60s};
    auto req = request("000042", "TERM0001", "0200");
    add_ok(table, req, 1, t0 + 30s);
    auto wrong = request("000042", "TERM0001", "0110");
    CHECK_FALSE(table.match(wrong).has_value());
    CHECK(table.size() == 1);
    CHECK(table.late_responses() == 1);
  }

  TEST_CASE("add refuses a request without MTI with a response MTI or without a match field") {
    pending_requests table{stan_tid, 60s};
    message no_mti;
    no_mti.set(11, "000001");
    no_mti.set(41, "TERM0001");
    CHECK(table.add(no_mti, 1, t0).error == pending_errc::missing_mti);
    auto response = request("000001", "TERM0001", "0210");
    CHECK(table.add(response, 1, t0).error == pending_errc::not_a_request);
    auto no_tid = request("000001");
    no_tid.remove(41);
    auto result = table.add(no_tid, 1, t0);
    CHECK_FALSE(result);
    CHECK(result.ticket == 0);
    CHECK(result.error == pending_errc::missing_match_field);
    CHECK(table.size() == 0);
  }

  TEST_CASE("a duplicate STAN in flight gets a switch STAN that the response restores") {
    pending_requests table{stan_tid, 60s};
    auto first = request("000777");
    auto second = request("000777");
    auto t1 = add_ok(table, first, 1, t0 + 30s);
    auto t2 = add_ok(table, second, 1, t0 + 30s);
    CHECK(first.get(11) == "000777");
    CHECK(second.get(11) == "000001");
    CHECK(table.remapped_count() == 1);
    auto second_response = answer(second);
    auto m2 = table.match(second_response);
    REQUIRE(m2.has_value());
    CHECK(m2->ticket == t2);
    CHECK(second_response.get(11) == "000777");
    CHECK(second_response.get(39) == "00");
    auto first_response = answer(first);
    auto m1 = table.match(first_response);
    REQUIRE(m1.has_value());
    CHECK(m1->ticket == t1);
    CHECK(first_response.get(11) == "000777");
  }

  TEST_CASE("switch STANs start at the configured value and skip values in flight") {
    pending_requests table{stan_tid, 60s, 500};
    auto busy = request("000500");
    auto original = request("000123");
    auto duplicate = request("000123");
    add_ok(table, busy, 1, t0 + 30s);
    add_ok(table, original, 1, t0 + 30s);
    add_ok(table, duplicate, 1, t0 + 30s);
    CHECK(duplicate.get(11) == "000501");
  }

  TEST_CASE("the same STAN on different terminals does not collide") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000123", "TERM0001");
    auto b = request("000123", "TERM0002");
    auto ta = add_ok(table, a, 1, t0 + 30s);
    auto tb = add_ok(table, b, 1, t0 + 30s);
    CHECK(b.get(11) == "000123");
    CHECK(table.remapped_count() == 0);
    auto rb = answer(b);
    CHECK(matched_ticket(table, rb) == tb);
    auto ra = answer(a);
    CHECK(matched_ticket(table, ra) == ta);
  }

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

  TEST_CASE("the switch STAN counter wraps to 000001 skipping values in flight") {
    pending_requests table{stan_tid, 60s, 999998};
    auto busy_top = request("999999");
    auto busy_low = request("000001");
    add_ok(table, busy_top, 1, t0 + 30s);
    add_ok(table, busy_low, 1, t0 + 30s);
    auto original = request("000050");
    add_ok(table, original, 1, t0 + 30s);
    auto first = request("000050");
    auto second = request("000050");
    add_ok(table, first, 1, t0 + 30s);
    add_ok(table, second, 1, t0 + 30s);
    CHECK(first.get(11) == "999998");
    CHECK(second.get(11) == "000002");
    CHECK(table.remapped_count() == 2);
  }

  TEST_CASE("switch STANs skip tombstones as well as requests in flight") {
    pending_requests table{stan_tid, 60s};
    auto expired = request("000001");
    add_ok(table, expired, 1, t0 + 1s);
    table.expire(t0 + 1s);
    auto original = request("000009");
    auto duplicate = request("000009");
    add_ok(table, original, 1, t0 + 30s);
    add_ok(table, duplicate, 1, t0 + 30s);
    CHECK(duplicate.get(11) == "000002");
  }

  TEST_CASE("match fields may include the retrieval reference number") {
    pending_requests table{{11, 41, 37}, 60s};
    auto a = request("000001");
    auto b = request("000001");
    b.set(37, "999999999999");
    auto ta = add_ok(table, a, 1, t0 + 30s);
    auto tb = add_ok(table, b, 1, t0 + 30s);
    CHECK(b.get(11) == "000001");
    auto rb = answer(b);
    CHECK(matched_ticket(table, rb) == tb);
    auto stray = answer(a);
    stray.set(37, "000000000000");
    CHECK_FALSE(table.match(stray).has_value());
    auto ra = answer(a);
    CHECK(matched_ticket(table, ra) == ta);
    auto no_rrn = request("000002");
    no_rrn.remove(37);
    CHECK(table.add(no_rrn, 1, t0).error == pending_errc::missing_match_field);
  }

  TEST_CASE("a duplicate key cannot be added when field 11 is not a match field") {
    pending_requests table{{41, 37}, 60s};
    auto a = request("000001");
    auto b = request("000002");
    add_ok(table, a, 1, t0 + 30s);
    auto result = table.add(b, 1, t0 + 30s);
    CHECK(result.error == pending_errc::key_in_use);
    CHECK(b.get(11) == "000002");
    CHECK(table.size() == 1);
  }

  TEST_CASE("a response without MTI or without a match field is late") {
    pending_requests table{stan_tid, 60s};
    auto a = request("000001");
    add_ok(table, a, 1, t0 + 30s);
    auto no_tid = answer(a);
    no_tid.remove(41);
    CHECK_FALSE(table.match(no_tid).has_value());
    message empty;
    CHECK_FALSE(table.match(empty).has_value());
    CHECK(table.late_responses() == 2);
    CHECK(table.size() == 1);
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

  TEST_CASE("keys keep the boundary between match fields") {
    pending_requests table{stan_tid, 60s};
    auto a = request("12345", "6TERM");
    auto b = request("123456", "TERM");
    add_ok(table, a, 1, t0 + 30s);
    add_ok(table, b, 1, t0 + 30s);
    CHECK(b.get(11) == "123456");
    CHECK(table.remapped_count() == 0);
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

  TEST_CASE("adding and matching allocate nothing once warmed up") {
    pending_requests table{{11, 41, 37}, 60s};
    std::vector<message> requests;
    requests.reserve(8);
    for (int i = 0; i < 8; ++i)
      requests.push_back(request("000001", "TERM000" + std::to_string(i)));
    std::vector<message> responses(requests.size());
    REQUIRE(add_and_match(table, requests, responses, 0));
    auto before = switchyard::core::testing::allocations();
    bool all_matched = true;
    for (int round = 1; round < 200; ++round)
      all_matched = add_and_match(table, requests, responses, round) && all_matched;
    auto after = switchyard::core::testing::allocations();
    CHECK(all_matched);
    CHECK(after == before);
  }

  TEST_CASE("errors have a category and a message") {
    std::error_code ec = pending_errc::missing_match_field;
    CHECK(std::string{ec.category().name()} == "pending_requests");
    CHECK(ec.message() == "the request lacks a match field");
    CHECK(std::error_code{pending_errc::no_free_stan}.message().find("STAN") != std::string::npos);
  }
}
