#include "actors/iso8583/iso_pending.hpp"
#include "protocols/iso8583/response.hpp"
#include "tests/actors/iso8583/iso_pending_test_support.hpp"
#include "tests/core/allocation_counter.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using switchyard::pending_errc;
using pending_requests = switchyard::iso_pending;
using switchyard::iso8583::message;
using switchyard::iso_pending_test::add_ok;
using switchyard::iso_pending_test::answer;
using switchyard::iso_pending_test::matched_ticket;
using switchyard::iso_pending_test::request;
using switchyard::iso_pending_test::stan_tid;
using switchyard::iso_pending_test::t0;

namespace {

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

} // namespace

namespace {

void add_ok_with(pending_requests& table, message& m, switchyard::iso_pending::key_policy policy) {
  REQUIRE(table.add(m, 1, t0 + 30s, policy));
}

} // namespace

TEST_SUITE("iso_pending") {
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

  TEST_CASE("add refuses a request without MTI with a response MTI or without a STAN") {
    pending_requests table{stan_tid, 60s};
    message no_mti;
    no_mti.set(11, "000001");
    no_mti.set(41, "TERM0001");
    CHECK(table.add(no_mti, 1, t0).error == pending_errc::missing_mti);
    auto response = request("000001", "TERM0001", "0210");
    CHECK(table.add(response, 1, t0).error == pending_errc::not_a_request);
    auto no_stan = request("000001");
    no_stan.remove(11);
    auto result = table.add(no_stan, 1, t0);
    CHECK_FALSE(result);
    CHECK(result.ticket == 0);
    CHECK(result.error == pending_errc::missing_match_field);
    CHECK(table.size() == 0);
  }

  TEST_CASE("a request lacking a match field other than 11 is keyed and matched as it is") {
    pending_requests table{stan_tid, 60s};
    auto no_tid = request("000001");
    no_tid.remove(41);
    auto with_tid = request("000001");
    auto ticket = add_ok(table, no_tid, 1, t0 + 30s);
    // An answer that carries the field the request lacked is another transaction's.
    auto stray = answer(no_tid);
    stray.set(41, "TERM0001");
    CHECK_FALSE(table.match(stray).has_value());
    auto reply = answer(no_tid);
    CHECK(matched_ticket(table, reply) == ticket);
    // Absent is not the same key as present: both can be in flight with one STAN.
    add_ok(table, no_tid, 1, t0 + 30s);
    add_ok(table, with_tid, 1, t0 + 30s);
    CHECK(with_tid.get(11) == "000001");
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

  TEST_CASE("switch STANs come from their range in turn, skipping values in flight") {
    pending_requests table{stan_tid, 60s, 999997, 999999};
    auto busy = request("999998");
    add_ok(table, busy, 1, t0 + 30s);
    auto original = request("000050");
    add_ok(table, original, 1, t0 + 30s);
    auto first = request("000050");
    auto second = request("000050");
    add_ok(table, first, 1, t0 + 30s);
    add_ok(table, second, 1, t0 + 30s);
    CHECK(first.get(11) == "999997");
    CHECK(second.get(11) == "999999");
    // The counter wraps to the start of the range: every STAN there is taken now.
    auto third = request("000050");
    auto refused = table.add(third, 1, t0 + 30s);
    CHECK(refused.error == switchyard::pending_errc::no_free_stan);
    CHECK(third.get(11) == "000050");
    CHECK(table.remapped_count() == 2);
  }

  TEST_CASE(
    "a repeat keeps its STAN: refused while its key is in flight, taking over a tombstone") {
    pending_requests table{stan_tid, 60s};
    auto original = request("000009");
    add_ok(table, original, 1, t0 + 1s);
    auto early = request("000009", "TERM0001", "0201");
    CHECK(table.add(early, 1, t0 + 2s, switchyard::iso_pending::key_policy::keep_stan).error
          == switchyard::pending_errc::key_in_use);
    table.expire(t0 + 1s);
    auto repeat = request("000009", "TERM0001", "0201");
    add_ok_with(table, repeat, switchyard::iso_pending::key_policy::keep_stan);
    CHECK(repeat.get(11) == "000009");
    CHECK(table.remapped_count() == 0);
    // A late answer to the original answers the repeat.
    auto response = answer(original);
    CHECK(matched_ticket(table, response) != 0);
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
    // Without a retrieval reference it is keyed by STAN and terminal alone (issue 11).
    auto no_rrn = request("000002");
    no_rrn.remove(37);
    auto tn = add_ok(table, no_rrn, 1, t0 + 30s);
    auto rn = answer(no_rrn);
    CHECK(matched_ticket(table, rn) == tn);
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

  TEST_CASE("keys keep the boundary between match fields") {
    pending_requests table{stan_tid, 60s};
    auto a = request("12345", "6TERM");
    auto b = request("123456", "TERM");
    add_ok(table, a, 1, t0 + 30s);
    add_ok(table, b, 1, t0 + 30s);
    CHECK(b.get(11) == "123456");
    CHECK(table.remapped_count() == 0);
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
