#include "actors/iso8583/reversal_store.hpp"

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using switchyard::make_reversal_advice;
using switchyard::reversal_store;
namespace iso = switchyard::iso8583;

namespace {

const auto t0 = std::chrono::steady_clock::time_point{} + 1h;

iso::message sale(std::string_view mti = "0200") {
  iso::message m;
  m.set_mti(mti);
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(7, "1122060000");
  m.set(11, "000123");
  m.set(22, "051");
  m.set(32, "12345");
  m.set(41, "TERM0001");
  m.set(49, "978");
  return m;
}

} // namespace

TEST_SUITE("reversal_store") {
  TEST_CASE("a reversal advice is an 0420 with the reason and the original data elements") {
    auto advice = make_reversal_advice(sale(), "68");
    REQUIRE(advice.has_value());
    CHECK(advice->mti() == "0420");
    CHECK(advice->get(39) == "68");
    for (int f : {2, 3, 4, 7, 11, 22, 32, 41, 49})
      CHECK(advice->get(f) == sale().get(f));
    CHECK(advice->get(90)
          == "0200"
             "000123"
             "1122060000"
             "00000012345"
             "00000000000");
    CHECK(advice->get(90).size() == 42);
  }

  TEST_CASE("only authorizations and financial requests are reversed") {
    CHECK(make_reversal_advice(sale("0100"), "68").has_value());
    CHECK_FALSE(make_reversal_advice(sale("0400"), "68").has_value());
    CHECK_FALSE(make_reversal_advice(sale("0800"), "68").has_value());
    reversal_store store{4};
    CHECK_FALSE(store.add(sale("0800"), "68", t0));
    CHECK(store.size() == 0);
  }

  TEST_CASE("an advice is due at once and not again while in flight") {
    reversal_store store{4};
    REQUIRE(store.add(sale(), "68", t0));
    auto due = store.due(t0);
    REQUIRE(due.size() == 1);
    CHECK(store.advice(due[0]).mti() == "0420");
    store.sent(due[0], 77);
    CHECK(store.due(t0 + 1h).empty());
    CHECK_FALSE(store.next_due().has_value());
  }

  TEST_CASE("an acknowledged advice is gone and counted") {
    reversal_store store{4};
    store.add(sale(), "68", t0);
    store.sent(store.due(t0)[0], 77);
    CHECK_FALSE(store.acknowledge(78, "00", t0));
    CHECK(store.acknowledge(77, "00", t0));
    CHECK(store.size() == 0);
    CHECK(store.acknowledged() == 1);
    CHECK_FALSE(store.acknowledge(77, "00", t0));
  }

  TEST_CASE("an unacknowledged advice is repeated as 0421 with a growing delay") {
    reversal_store store{4};
    store.add(sale(), "68", t0);
    auto id = store.due(t0)[0];
    store.sent(id, 1);
    REQUIRE(store.retry_later(1, t0));
    CHECK(store.due(t0 + 999ms).empty());
    CHECK(store.next_due() == t0 + 1s);
    REQUIRE(store.due(t0 + 1s).size() == 1);
    CHECK(store.advice(id).mti() == "0421");
    store.sent(id, 2);
    REQUIRE(store.retry_later(2, t0 + 1s));
    CHECK(store.next_due() == t0 + 3s);
    CHECK_FALSE(store.retry_later(99, t0));
  }

  TEST_CASE("the delay between repeats stops growing at a minute") {
    reversal_store store{4};
    store.add(sale(), "68", t0);
    auto id = store.due(t0)[0];
    auto now = t0;
    for (std::uint64_t ticket = 1; ticket <= 12; ++ticket) {
      store.sent(id, ticket);
      store.retry_later(ticket, now);
      now = *store.next_due();
    }
    store.sent(id, 100);
    store.retry_later(100, now);
    CHECK(*store.next_due() - now == 60s);
  }

  TEST_CASE("past its limit the store keeps every advice and says it is at the limit") {
    reversal_store store{2};
    CHECK(store.add(sale(), "68", t0));
    CHECK_FALSE(store.is_at_limit());
    CHECK(store.add(sale(), "68", t0));
    CHECK(store.is_at_limit());
    CHECK(store.add(sale(), "68", t0)); // owed all the same: nothing is dropped
    CHECK(store.size() == 3);
    CHECK(store.due(t0).size() == 3);
  }

  TEST_CASE("a postponed advice waits as long as it is told") {
    reversal_store store{4};
    store.add(sale(), "68", t0);
    auto id = store.due(t0)[0];
    store.postpone(id, t0, 1s);
    CHECK(store.due(t0).empty());
    CHECK(store.next_due() == t0 + 1s);
    CHECK(store.due(t0 + 1s).size() == 1);
  }

  TEST_CASE("make_due sends every waiting advice now and leaves those in flight alone") {
    reversal_store store{8};
    store.add(sale(), "68", t0);
    store.add(sale(), "68", t0);
    store.add(sale(), "68", t0);
    auto ids = store.due(t0);
    REQUIRE(ids.size() == 3);
    // The first two went out and the issuer answered 96: they wait 1 s; the third is in flight.
    for (std::uint64_t i = 0; i < 3; ++i)
      store.sent(ids[i], i + 1);
    REQUIRE(store.acknowledge(1, "96", t0));
    REQUIRE(store.acknowledge(2, "96", t0));
    CHECK(store.due(t0 + 10ms).empty());
    CHECK(store.make_due(t0 + 10ms) == 2);
    CHECK(store.due(t0 + 10ms) == std::vector<std::uint64_t>{ids[0], ids[1]});
    CHECK(store.advice(ids[0]).mti() == "0421"); // still a repeat
    CHECK(store.in_flight_count() == 1);
    CHECK(store.size() == 3);
  }

  TEST_CASE("repeats of authorizations and financial requests are reversed like originals") {
    for (auto mti : {"0101", "0201"}) {
      auto advice = make_reversal_advice(sale(mti), "68");
      REQUIRE(advice.has_value());
      CHECK(advice->mti() == "0420");
      // Field 90 names the original transaction: a repeat is the same transaction.
      CHECK(advice->get(90).substr(0, 4) == std::string{mti}.substr(0, 3) + "0");
      CHECK(advice->get(11) == "000123");
    }
  }

  TEST_CASE("a 0430 with 96 leaves the advice owed and it is repeated later") {
    reversal_store store{4};
    store.add(sale(), "68", t0);
    auto id = store.due(t0)[0];
    store.sent(id, 1);
    CHECK(store.acknowledge(1, "96", t0));
    CHECK(store.size() == 1);
    CHECK(store.acknowledged() == 0);
    CHECK(store.refused_by_issuer() == 1);
    CHECK(store.due(t0 + 999ms).empty());
    REQUIRE(store.due(t0 + 1s).size() == 1);
    CHECK(store.advice(id).mti() == "0421");
    store.sent(id, 2);
    CHECK(store.acknowledge(2, "25", t0 + 1s)); // nothing to reverse at the issuer: settled
    CHECK(store.size() == 0);
    CHECK(store.acknowledged() == 1);
  }

  TEST_CASE("a repeat is the same message as its 0420 but for the MTI") {
    reversal_store store{4};
    store.add(sale(), "68", t0);
    auto id = store.due(t0)[0];
    auto first = store.advice(id);
    store.sent(id, 1);
    store.retry_later(1, t0);
    auto repeat = store.advice(id);
    CHECK(repeat.mti() == "0421");
    repeat.set_mti("0420");
    CHECK(repeat == first);
  }

  TEST_CASE("an advice waits for its original's link until that link is lost") {
    reversal_store store{4};
    store.add(sale(), "68", t0, 7);
    auto id = store.due(t0)[0];
    CHECK(store.required_link(id) == 7u);
    store.link_lost(3);
    CHECK(store.required_link(id) == 7u);
    store.link_lost(7);
    CHECK_FALSE(store.required_link(id).has_value());
  }

  TEST_CASE("a restored advice that never went out is sent as 0420, one that may have as 0421") {
    reversal_store store{4};
    store.restore(5, *make_reversal_advice(sale(), "68"), false, t0);
    store.restore(9, *make_reversal_advice(sale(), "68"), true, t0);
    CHECK(store.advice(5).mti() == "0420");
    CHECK(store.advice(9).mti() == "0421");
    CHECK(store.add(sale(), "68", t0));
    CHECK(store.due(t0) == std::vector<std::uint64_t>{5, 9, 10});
  }

  TEST_CASE("a backlog is handed out in slices, earliest due first") {
    reversal_store store{100000};
    for (int i = 0; i < 1000; ++i)
      store.add(sale(), "68", t0 + std::chrono::milliseconds(1000 - i));
    auto slice = store.due(t0 + 1h, 10);
    REQUIRE(slice.size() == 10);
    // Due earliest were added last (highest ids); handed out oldest id first.
    CHECK(slice.front() == 991);
    CHECK(slice.back() == 1000);
  }
}
