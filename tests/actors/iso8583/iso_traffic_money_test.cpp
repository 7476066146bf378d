// Money safety in a network's traffic decisions: duplicates, switched STANs and the
// references to them, reversals that go out once and in order, and refusing financial
// requests when their reversals could not be kept.

#include "actors/iso8583/iso_traffic.hpp"
#include "tests/actors/iso8583/iso_traffic_test_support.hpp"
#include "tests/actors/iso8583/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

using switchyard::reversal_journal;
using switchyard::test::decode;
using switchyard::test::exchange;
using switchyard::test::make_traffic;
using switchyard::test::network;
using switchyard::test::request;
using switchyard::test::response_to;
using switchyard::test::t0;
using switchyard::test::timeout_ms;
using switchyard::test::traffic_with_link_up;
namespace iso = switchyard::iso8583;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const auto deadline = t0 + std::chrono::milliseconds(timeout_ms);

// A sale as a terminal sends it: with transmission time and retrieval reference.
iso::message sale(std::string_view stan = "000123", std::string_view sent_at = "1206010000",
                  std::string_view mti = "0200") {
  auto m = request(stan);
  m.set_mti(mti);
  m.set(7, sent_at);
  m.set(37, "000000000001");
  return m;
}

// Dispatches `m` and returns the request as it went upstream.
iso::message forward(switchyard::iso_traffic& t, const iso::message& m,
                     switchyard::core::time_point now = t0) {
  auto r = t.dispatch(exchange(m), now);
  REQUIRE(r.code.empty());
  return decode(r.frame);
}

// A journal in a directory of its own, removed afterwards.
struct journal_dir {
  switchyard::test::temp_dir dir{"traffic"};

  std::string path() const { return dir.file("reversals.journal"); }

  std::unique_ptr<reversal_journal> open() const {
    auto opened = reversal_journal::open(path(), iso::iso87_ascii());
    REQUIRE(opened.journal != nullptr);
    return std::move(opened.journal);
  }
};

// Traffic of the default network with link 1 up, recording a forward record for each
// financial request in `journal`.
switchyard::iso_traffic journaling_traffic(reversal_journal& journal) {
  auto n = network();
  n.forward_journal = true;
  auto t = make_traffic(n);
  t.keep_reversals_in(&journal, {}, t0);
  t.add_link(1, 0);
  t.link_up(1, t0);
  return t;
}

} // namespace

TEST_SUITE("iso_traffic money safety") {
  TEST_CASE("a second copy of a sale in flight is a duplicate (94), not a new transaction") {
    auto t = traffic_with_link_up();
    forward(t, sale());
    auto copy = t.dispatch(exchange(sale()), t0 + 1ms);
    CHECK(copy.code == "94");
    CHECK(copy.frame.empty());
    CHECK(t.counters().duplicates == 1);
    CHECK(t.in_flight_count() == 1);
    CHECK(t.remapped() == 0);
  }

  TEST_CASE("a repeat (0201) of a sale in flight is a duplicate too") {
    auto t = traffic_with_link_up();
    forward(t, sale());
    CHECK(t.dispatch(exchange(sale("000123", "1206010000", "0201")), t0).code == "94");
  }

  TEST_CASE("a copy of a sale that went out under a switched STAN is a duplicate") {
    auto t = traffic_with_link_up();
    forward(t, sale("000123", "1206010000"));
    auto second = forward(t, sale("000123", "1206010001")); // another sale, same STAN
    CHECK(second.get(11) != "000123");
    CHECK(t.dispatch(exchange(sale("000123", "1206010001")), t0).code == "94");
  }

  TEST_CASE("switch-assigned STANs come from the network's range, apart from terminals'") {
    auto n = network();
    n.stan_low = 800000;
    n.stan_high = 800001;
    auto t = make_traffic(n);
    t.add_link(1, 0);
    t.link_up(1, t0);
    forward(t, sale("000123", "1206010000"));
    CHECK(forward(t, sale("000123", "1206010001")).get(11) == "800000");
    CHECK(forward(t, sale("000123", "1206010002")).get(11) == "800001");
    // The range is used up while those are in flight: no STAN to give.
    CHECK(t.dispatch(exchange(sale("000123", "1206010003")), t0).code == "96");
  }

  TEST_CASE(
    "a repeat and a reversal of a sale sent under a switched STAN carry the issuer's STAN") {
    auto t = traffic_with_link_up();
    auto first = forward(t, sale("000123", "1206010000"));
    auto switched = forward(t, sale("000123", "1206010001"));
    auto upstream_stan = std::string{switched.get(11)};
    REQUIRE(upstream_stan != "000123");
    // Both answered: the acquirer may still refer to the second one later.
    REQUIRE(t.on_response(1, response_to(first), t0 + 1ms));
    REQUIRE(t.on_response(1, response_to(switched), t0 + 1ms));

    auto repeat = forward(t, sale("000123", "1206010001", "0201"), t0 + 2ms);
    CHECK(repeat.get(11) == upstream_stan);

    auto reversal = sale("000123", "1206010001", "0420");
    reversal.set(90, "020000012312060100010000000000000000000000");
    auto x = exchange(reversal);
    auto r = t.dispatch(x, t0 + 3ms);
    INFO(r.code);
    REQUIRE(r.code.empty());
    auto sent = decode(r.frame);
    CHECK(sent.get(11) == upstream_stan);
    CHECK(sent.get(90).substr(4, 6) == upstream_stan);
    // The answer the acquirer gets names its own STAN and original data again.
    auto response = response_to(sent);
    response.set(90, sent.get(90));
    auto d = t.on_response(1, response, t0 + 4ms);
    REQUIRE(d);
    d->exchange->answer(response);
    CHECK(response.get(11) == "000123");
    CHECK(response.get(90) == "020000012312060100010000000000000000000000");
  }

  TEST_CASE("a repeat of a timed-out sale keeps its STAN") {
    auto t = traffic_with_link_up();
    forward(t, sale());
    REQUIRE(t.expire(deadline).size() == 1);
    // The original's key is a tombstone now; the repeat is the same transaction.
    CHECK(forward(t, sale("000123", "1206010000", "0201"), deadline).get(11) == "000123");
  }

  TEST_CASE("the 0421 repeat carries the 0420's STAN although its key is a tombstone") {
    auto t = traffic_with_link_up();
    forward(t, sale());
    REQUIRE(t.expire(deadline).size() == 1);
    auto first = t.send_reversals(deadline);
    REQUIRE(first.size() == 1);
    auto advice = decode(first[0].second);
    CHECK(advice.mti() == "0420");
    // No 0430 within the advice's timeout (a second at least): it is repeated.
    REQUIRE(t.expire(deadline + 1s).empty());
    auto repeat_at = deadline + 2s;
    t.expire(repeat_at);
    auto second = t.send_reversals(repeat_at);
    REQUIRE(second.size() == 1);
    auto repeat = decode(second[0].second);
    CHECK(repeat.mti() == "0421");
    CHECK(repeat.get(11) == advice.get(11));
    CHECK(repeat.get(90) == advice.get(90));
    CHECK(t.remapped() == 0);
  }

  TEST_CASE("advices owed while no link is up do not make the strand spin") {
    auto t = traffic_with_link_up();
    forward(t, sale());
    t.link_down(1, t0 + 1ms);
    REQUIRE(t.reversals().size() == 1);
    CHECK(t.send_reversals(t0 + 2ms).empty());
    // The next wake-up is a while away, not now again.
    REQUIRE(t.next_deadline().has_value());
    CHECK(*t.next_deadline() >= t0 + 1s);
    // A link coming up sends them at once.
    t.link_up(1, t0 + 10ms);
    CHECK(t.send_reversals(t0 + 10ms).size() == 1);
  }

  TEST_CASE("a timed-out sale's advice goes out on the link its sale was written on") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1, t0);
    t.link_up(2, t0);
    auto r = t.dispatch(exchange(sale()), t0);
    REQUIRE(r.code.empty());
    REQUIRE(t.expire(deadline).size() == 1);
    // Other traffic on the sale's link makes it the busier one: the advice still follows
    // the sale there, so it cannot overtake it.
    for (int i = 0; i < 3; ++i)
      t.dispatch(exchange(sale("00020" + std::to_string(i))), deadline);
    auto advices = t.send_reversals(deadline);
    REQUIRE(advices.size() == 1);
    CHECK(advices[0].first == r.link);
  }

  TEST_CASE("a 0430 that does not settle its advice is not a late response, and is retried") {
    auto t = traffic_with_link_up();
    forward(t, sale());
    REQUIRE(t.expire(deadline).size() == 1);
    auto advice = decode(t.send_reversals(deadline).at(0).second);
    CHECK_FALSE(t.on_response(1, response_to(advice, "96"), deadline + 1ms).has_value());
    CHECK(t.counters().late == 0);
    CHECK(t.reversals().size() == 1);
    CHECK(t.send_reversals(deadline + 2ms).empty());
    auto repeat = t.send_reversals(deadline + 1s + 1ms);
    REQUIRE(repeat.size() == 1);
    CHECK(decode(repeat[0].second).mti() == "0421");
  }

  TEST_CASE("repeats that time out are reversed like their originals") {
    auto t = traffic_with_link_up();
    forward(t, sale("000123", "1206010000", "0201"));
    REQUIRE(t.expire(deadline).size() == 1);
    CHECK(t.reversals().size() == 1);
  }

  TEST_CASE("past max_owed_reversals financial requests are refused 91, others still go out") {
    auto n = network();
    n.max_owed_reversals = 1;
    auto t = make_traffic(n);
    t.add_link(1, 0);
    t.link_up(1, t0);
    forward(t, sale());
    REQUIRE(t.expire(deadline).size() == 1);
    CHECK(t.financial_refusal().find("max_owed_reversals = 1") != std::string::npos);
    CHECK(t.dispatch(exchange(sale("000124")), deadline).code == "91");
    CHECK(t.counters().refused_financial == 1);
    auto echo = request("000125");
    echo.set_mti("0800");
    CHECK(t.dispatch(exchange(echo), deadline).code.empty());
    CHECK(t.reversals().size() == 1); // nothing owed was dropped
  }

  TEST_CASE("while the journal fails, financial requests are refused 91") {
    auto t = traffic_with_link_up();
    t.refuse_financial(true);
    CHECK(t.dispatch(exchange(sale()), t0).code == "91");
    CHECK_FALSE(t.financial_refusal().empty());
    t.refuse_financial(false);
    CHECK(t.dispatch(exchange(sale()), t0).code.empty());
  }

  TEST_CASE("an approval the acquirer cannot receive is reversed but a delivered one is not") {
    auto t = traffic_with_link_up();
    auto sent1 = forward(t, sale("000001"));
    auto sent2 = forward(t, sale("000002"));
    auto r1 = response_to(sent1);
    auto d1 = t.on_response(1, r1, t0 + 1ms);
    REQUIRE(d1);
    t.answered(*d1, r1, true, t0 + 1ms);
    CHECK(t.reversals().size() == 0);
    auto r2 = response_to(sent2);
    auto d2 = t.on_response(1, r2, t0 + 1ms);
    REQUIRE(d2);
    t.answered(*d2, r2, false, t0 + 1ms);
    CHECK(t.reversals().size() == 1);
    CHECK(t.counters().undelivered == 1);
    auto advice = decode(t.send_reversals(t0 + 2ms).at(0).second);
    CHECK(advice.get(11) == "000002");
  }

  TEST_CASE("a declined sale settles its forward record at once") {
    journal_dir dir;
    auto journal = dir.open();
    auto t = journaling_traffic(*journal);
    auto sent = forward(t, sale());
    auto r = response_to(sent, "51");
    auto d = t.on_response(1, r, t0 + 1ms);
    REQUIRE(d);
    CHECK_FALSE(t.answered(*d, r, true, t0 + 1ms));
    CHECK(journal->open_records() == 0);
  }

  TEST_CASE("a declined sale the acquirer cannot receive needs no reversal") {
    auto t = traffic_with_link_up();
    auto sent = forward(t, sale());
    auto r = response_to(sent, "51");
    auto d = t.on_response(1, r, t0 + 1ms);
    REQUIRE(d);
    t.answered(*d, r, false, t0 + 1ms);
    CHECK(t.reversals().size() == 0);
  }

  TEST_CASE("with the forward journal a sale is on record before it goes out") {
    journal_dir dir;
    auto journal = dir.open();
    auto t = journaling_traffic(*journal);
    auto approved = forward(t, sale("000001"));
    forward(t, sale("000002"));
    CHECK(journal->open_records() == 2);
    REQUIRE(journal->flush().empty());
    auto r = response_to(approved);
    auto d = t.on_response(1, r, t0 + 1ms);
    REQUIRE(d);
    CHECK(d->forward_id != 0);
    // An approval's record waits until the approval is written to the acquirer...
    CHECK(t.answered(*d, r, true, t0 + 1ms));
    CHECK(journal->open_records() == 2);
    journal->settle(d->forward_id); // ...which the acquirer's connection reports
    CHECK(journal->open_records() == 1);
    REQUIRE(journal->flush().empty());
    journal.reset();
    // A crash now: the sale still in flight is owed, as an 0420 that never went out.
    auto reopened = reversal_journal::open(dir.path(), iso::iso87_ascii());
    REQUIRE(reopened.owed.size() == 1);
    CHECK(reopened.owed[0].advice.get(11) == "000002");
    CHECK_FALSE(reopened.owed[0].sent_before);
  }

  TEST_CASE("requests withdrawn before they went out leave nothing in flight or on record") {
    journal_dir dir;
    auto journal = dir.open();
    auto t = journaling_traffic(*journal);
    auto x = exchange(sale());
    REQUIRE(t.dispatch(x, t0).code.empty());
    auto withdrawn = t.withdraw_unsent(t0);
    REQUIRE(withdrawn.size() == 1);
    CHECK(withdrawn[0] == x);
    CHECK(t.in_flight_count() == 0);
    CHECK(journal->open_records() == 0);
    CHECK(t.host_load(0).second == 0);
  }

  TEST_CASE("a link the issuer signed off takes no new requests until it signs on again") {
    auto t = traffic_with_link_up();
    auto sent = forward(t, sale("000001"));
    t.link_signed_off(1);
    CHECK_FALSE(t.any_link_up());
    CHECK(t.dispatch(exchange(sale("000002")), t0).code == "91");
    // What was in flight on it is still answered.
    REQUIRE(t.on_response(1, response_to(sent), t0 + 1ms));
    t.link_up(1, t0 + 2ms);
    CHECK(t.dispatch(exchange(sale("000003")), t0 + 2ms).code.empty());
  }
}
