#include "tools/chaos-ledger/ledger_lines.hpp"

#include <doctest/doctest.h>

using namespace switchyard::chaos;

TEST_SUITE("chaos ledger lines") {
  TEST_CASE("the acquirer's four kinds of line are read") {
    const auto sent = parse_acquirer_line("sent\t100000000001\t000007\tLG000000");
    REQUIRE(sent);
    CHECK(sent->kind == acquirer_event_kind::sent);
    CHECK(sent->rrn == "100000000001");
    CHECK(sent->stan == "000007");
    CHECK(sent->tid == "LG000000");
    const auto answer = parse_acquirer_line("answer\t100000000001\t68");
    REQUIRE(answer);
    CHECK(answer->kind == acquirer_event_kind::answer);
    CHECK(answer->code == "68");
    const auto lost = parse_acquirer_line("unanswered\t100000000001\tlost");
    REQUIRE(lost);
    CHECK(lost->kind == acquirer_event_kind::unanswered);
    CHECK(lost->code == "lost");
    const auto late = parse_acquirer_line("late\t100000000001\t00");
    REQUIRE(late);
    CHECK(late->kind == acquirer_event_kind::late);
  }

  TEST_CASE("the issuer's requests and advices are read") {
    const auto request
      = parse_issuer_line("request\t0200\t100000000001\t000311\tLG000000\tdropped");
    REQUIRE(request);
    CHECK(request->kind == issuer_event_kind::request);
    CHECK(request->mti == "0200");
    CHECK(request->stan == "000311");
    CHECK(request->outcome == "dropped");
    const auto advice
      = parse_issuer_line("advice\t0421\t100000000001\t000311\tLG000000\t0200000311\t96");
    REQUIRE(advice);
    CHECK(advice->kind == issuer_event_kind::advice);
    CHECK(advice->mti == "0421");
    CHECK(advice->original == "0200000311");
    CHECK(advice->code == "96");
  }

  TEST_CASE("lines of the wrong shape, cut short or with empty columns are refused") {
    for (const char* line :
         {"", "sent", "sent\t1\t2", "sent\t1\t2\t3\t4", "answer\t1", "answer\t\t00",
          "unanswered\t1\tbored", "bogus\t1\t2", "request\t0200\t1\t2\t3",
          "request\t0200\t1\t2\t3\tmaybe", "request\t200\t1\t2\t3\tapproved",
          "advice\t0420\t1\t2\t3\t4", "advice\t0420\t1\t2\t3\t4\t"}) {
      CAPTURE(line);
      CHECK_FALSE(parse_acquirer_line(line));
      CHECK_FALSE(parse_issuer_line(line));
    }
  }

  TEST_CASE("approved, dropped and failed sales may stand approved upstream") {
    CHECK(may_be_approved("approved"));
    CHECK(may_be_approved("dropped"));
    CHECK(may_be_approved("failed"));
    CHECK_FALSE(may_be_approved("declined"));
    CHECK_FALSE(may_be_approved("malformed"));
  }

  TEST_CASE("0400 and 0420 are first advices, 0401 and 0421 repeats") {
    CHECK(is_first_advice("0420"));
    CHECK(is_first_advice("0400"));
    CHECK_FALSE(is_first_advice("0421"));
    CHECK_FALSE(is_first_advice("0401"));
  }
}
