#include "tools/chaos-ledger/ledger_check.hpp"

#include "tools/chaos-ledger/ledger_report.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::chaos;

namespace {

// Builders of ledger lines; STANs differ between the two sides as the gateway remaps them.
std::string sent(const std::string& rrn) {
  return "sent\t" + rrn + "\t000001\tLG000000";
}

std::string answer(const std::string& rrn, const std::string& code) {
  return "answer\t" + rrn + "\t" + code;
}

std::string request(const std::string& rrn, const std::string& outcome) {
  return "request\t0200\t" + rrn + "\t000501\tLG000000\t" + outcome;
}

std::string advice(const std::string& rrn, const std::string& mti, const std::string& code,
                   const std::string& stan = "000501") {
  return "advice\t" + mti + "\t" + rrn + "\t" + stan + "\tLG000000\t0200000501\t" + code;
}

std::uint64_t count(const ledger_verdict& v, finding f) {
  return v.figures.findings[static_cast<std::size_t>(f)];
}

// One sale: sent, forwarded with `outcome`, answered `code`, then the issuer's `advices`.
ledger_verdict one_sale(const std::string& outcome, const std::string& code,
                        std::initializer_list<std::string> advices) {
  ledger_check check;
  check.add_acquirer_line(sent("100000000001"));
  check.add_issuer_line(request("100000000001", outcome));
  check.add_acquirer_line(code.empty() ? "unanswered\t100000000001\tlost"
                                       : answer("100000000001", code));
  for (const auto& line : advices)
    check.add_issuer_line(line);
  return check.verdict();
}

const std::string rrn = "100000000001";

} // namespace

TEST_SUITE("chaos ledger check") {
  TEST_CASE("an approval the acquirer saw, not reversed, passes as (b)") {
    const auto v = one_sale("approved", "00", {});
    CHECK(v.passed());
    CHECK(v.figures.approved == 1);
    CHECK(v.figures.approved_ok == 1);
    CHECK(v.figures.answers.at("00") == 1);
  }

  TEST_CASE("an approval the acquirer saw but that was reversed is wrongly reversed") {
    const auto v = one_sale("approved", "00", {advice(rrn, "0420", "00")});
    CHECK_FALSE(v.passed());
    CHECK(count(v, finding::wrongly_reversed) == 1);
    REQUIRE(v.offenders.size() == 1);
    CHECK(v.offenders[0].rrn == rrn);
    CHECK(v.offenders[0].lines.size() == 4);
  }

  TEST_CASE("approved, dropped and failed sales the acquirer did not see approved are owed") {
    for (const char* outcome : {"approved", "dropped", "failed"}) {
      for (const char* code : {"68", "91", "96", ""}) {
        CAPTURE(outcome);
        CAPTURE(code);
        const auto missing = one_sale(outcome, code, {});
        CHECK(missing.figures.owed == 1);
        CHECK(count(missing, finding::missing_reversal) == 1);
        const auto reversed = one_sale(outcome, code, {advice(rrn, "0420", "00")});
        CHECK(reversed.passed());
        CHECK(reversed.figures.owed_ok == 1);
      }
    }
  }

  TEST_CASE("repeats with the 0420's STAN pass, in any order, once one is answered 00") {
    CHECK(one_sale("approved", "68",
                   {advice(rrn, "0420", "96"), advice(rrn, "0421", "dropped"),
                    advice(rrn, "0421", "00"), advice(rrn, "0421", "00")})
            .passed());
    CHECK(
      one_sale("approved", "68", {advice(rrn, "0421", "96"), advice(rrn, "0420", "00")}).passed());
  }

  TEST_CASE("repeats alone, with one STAN and answered 00, are a reversal, counted apart") {
    auto check = one_sale("approved", "68", {advice(rrn, "0421", "96"), advice(rrn, "0421", "00")});
    CHECK(check.passed());
    CHECK(check.figures.owed_by_repeats_only == 1);
  }

  TEST_CASE("each way of getting the reversal wrong is its own finding") {
    CHECK(
      count(one_sale("approved", "68", {advice(rrn, "0421", "96")}), finding::never_acknowledged)
      == 1);
    CHECK(count(one_sale("approved", "68", {advice(rrn, "0420", "00"), advice(rrn, "0420", "00")}),
                finding::reversed_twice)
          == 1);
    CHECK(count(one_sale("approved", "68",
                         {advice(rrn, "0420", "00"), advice(rrn, "0421", "00", "000777")}),
                finding::repeat_other_stan)
          == 1);
    CHECK(
      count(one_sale("approved", "68", {advice(rrn, "0420", "96"), advice(rrn, "0421", "dropped")}),
            finding::never_acknowledged)
      == 1);
  }

  TEST_CASE("declined sales may be reversed or not, both pass as (d)") {
    const auto plain = one_sale("declined", "51", {});
    CHECK(plain.passed());
    CHECK(plain.figures.declined == 1);
    const auto reversed = one_sale("declined", "68", {advice(rrn, "0420", "00")});
    CHECK(reversed.passed());
    CHECK(reversed.figures.declined_reversed == 1);
  }

  TEST_CASE("reversals of sales the issuer never received are counted as (c), harmlessly") {
    ledger_check check;
    check.add_acquirer_line(sent(rrn));
    check.add_acquirer_line("unanswered\t" + rrn + "\tlost");
    check.add_issuer_line(advice(rrn, "0421", "00"));
    check.add_issuer_line(advice(rrn, "0421", "00"));
    check.add_acquirer_line(sent("100000000002"));
    check.add_acquirer_line(answer("100000000002", "91"));
    const auto v = check.verdict();
    CHECK(v.passed());
    CHECK(v.figures.unseen_sales == 1);
    CHECK(v.figures.unseen_advices == 2);
    CHECK(v.figures.not_forwarded == 1);
    CHECK(v.figures.lost == 1);
  }

  TEST_CASE("a sale forwarded twice may stand approved if either attempt may have been") {
    ledger_check check;
    check.add_acquirer_line(sent(rrn));
    check.add_issuer_line(request(rrn, "declined"));
    check.add_issuer_line(request(rrn, "dropped"));
    check.add_acquirer_line(answer(rrn, "68"));
    const auto v = check.verdict();
    CHECK(v.figures.forwarded_again == 1);
    CHECK(count(v, finding::missing_reversal) == 1);
  }

  TEST_CASE("a late 00 counts as seen approved") {
    ledger_check check;
    check.add_acquirer_line(sent(rrn));
    check.add_issuer_line(request(rrn, "approved"));
    check.add_acquirer_line("unanswered\t" + rrn + "\ttimeout");
    check.add_acquirer_line("late\t" + rrn + "\t00");
    const auto v = check.verdict();
    CHECK(v.passed());
    CHECK(v.figures.approved == 1);
    CHECK(v.figures.timed_out == 1);
    CHECK(v.figures.late == 1);
  }

  TEST_CASE("doubts about the ledgers fail the check as anomalies, not violations") {
    ledger_check check;
    check.add_acquirer_line(sent("1"));
    check.add_acquirer_line(sent("1"));
    check.add_acquirer_line(answer("1", "00"));
    check.add_issuer_line(request("2", "approved"));
    check.add_acquirer_line(sent("3"));
    check.add_acquirer_line(sent("4"));
    check.add_acquirer_line(answer("4", "00"));
    check.add_acquirer_line("sent\t5\t0000");
    check.add_garbled_line("answer\t6\t0");
    const auto v = check.verdict();
    CHECK_FALSE(v.passed());
    CHECK(v.violations() == 0);
    CHECK(v.anomalies() == 6);
    CHECK(count(v, finding::rrn_sent_twice) == 1);
    CHECK(count(v, finding::never_sent) == 1);
    CHECK(count(v, finding::unsettled) == 1);
    CHECK(count(v, finding::approved_unseen) == 1);
    CHECK(v.figures.unparsable == 2);
    CHECK(v.garbled.size() == 2);
  }

  TEST_CASE("offenders are listed violations first and at most as many as asked") {
    ledger_check check;
    check.add_acquirer_line(sent("1"));
    for (int i = 2; i < 30; ++i) {
      const auto r = std::to_string(i);
      check.add_acquirer_line(sent(r));
      check.add_issuer_line(request(r, "approved"));
      check.add_acquirer_line(answer(r, "68"));
    }
    const auto v = check.verdict(10);
    CHECK(v.violations() == 28);
    CHECK(v.anomalies() == 1);
    REQUIRE(v.offenders.size() == 10);
    CHECK(v.offenders[0].why == finding::missing_reversal);
    CHECK(v.offenders[9].why == finding::missing_reversal);
  }

  TEST_CASE("the report shows the figures, the classes, the offenders and the verdict") {
    const auto failed = render(one_sale("approved", "68", {}));
    CHECK(failed.find("sales sent") != std::string::npos);
    CHECK(failed.find("(a) issuer may have approved") != std::string::npos);
    CHECK(failed.find("missing reversal") != std::string::npos);
    CHECK(failed.find("RRN " + rrn + ": missing reversal") != std::string::npos);
    CHECK(failed.find("issuer: request 0200 " + rrn) != std::string::npos);
    CHECK(failed.find("verdict: FAILED: 1 sale(s)") != std::string::npos);
    const auto passed = render(one_sale("approved", "00", {}));
    CHECK(passed.find("verdict: PASSED") != std::string::npos);
    CHECK(passed.find("offending") == std::string::npos);
  }
}
