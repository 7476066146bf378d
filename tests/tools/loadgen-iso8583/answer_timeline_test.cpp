#include "tools/loadgen-iso8583/answer_timeline.hpp"

#include "tools/loadgen-iso8583/load_report.hpp"

#include <doctest/doctest.h>

using namespace switchyard::loadgen;
using namespace std::chrono_literals;

TEST_SUITE("loadgen timeline") {
  TEST_CASE("outcomes are counted in the slice of their time and merged slice by slice") {
    const auto t0 = answer_timeline::clock::now();
    answer_timeline a;
    a.start(t0, 10ms);
    a.record_answer(t0 + 1ms, true);
    a.record_answer(t0 + 25ms, false);
    a.record_unanswered(t0 + 29ms, 3);
    answer_timeline b;
    b.start(t0, 10ms);
    b.record_answer(t0 + 9ms, true);
    b.record_answer(t0 + 41ms, true);
    a.merge(b);
    CHECK(a.to_json(1000)
          == R"({"origin_unix_ms":1000,"slice_ms":10,"approved":[2,0,0,0,1],)"
             R"("other":[0,0,1,0,0],"unanswered":[0,0,3,0,0]})");
  }

  TEST_CASE("a timeline not started counts nothing and the JSON summary leaves it out") {
    const auto t0 = answer_timeline::clock::now();
    load_summary summary;
    summary.totals.timeline.record_answer(t0, true);
    CHECK_FALSE(summary.totals.timeline.is_enabled());
    CHECK(format_json(summary).find("timeline") == std::string::npos);
    summary.totals.timeline.start(t0, 5ms);
    summary.totals.timeline.record_answer(t0 + 6ms, true);
    summary.timeline_origin_unix_ms = 42;
    CHECK(
      format_json(summary).find(R"("timeline":{"origin_unix_ms":42,"slice_ms":5,"approved":[0,1])")
      != std::string::npos);
  }

  TEST_CASE("times before the origin or past the last slice are not counted") {
    const auto t0 = answer_timeline::clock::now();
    answer_timeline t;
    t.start(t0, 1ms);
    t.record_answer(t0 - 1ms, true);
    t.record_answer(t0 + std::chrono::milliseconds{answer_timeline::max_slices}, true);
    CHECK(t.to_json(0).find(R"("approved":[])") != std::string::npos);
  }
}
