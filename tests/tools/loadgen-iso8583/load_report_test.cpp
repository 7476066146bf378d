#include "tools/loadgen-iso8583/load_report.hpp"

#include <doctest/doctest.h>

using namespace switchyard::loadgen;
using namespace std::chrono_literals;

TEST_SUITE("loadgen report") {
  TEST_CASE("response codes are counted in code order with odd codes as ??") {
    response_code_counts counts;
    for (const char* code : {"51", "00", "00", "Z9", "", "x1", "000"})
      counts.record(code);
    const auto seen = counts.seen();
    REQUIRE(seen.size() == 4);
    CHECK(seen[0] == std::pair<std::string, std::uint64_t>{"00", 2});
    CHECK(seen[1] == std::pair<std::string, std::uint64_t>{"51", 1});
    CHECK(seen[2] == std::pair<std::string, std::uint64_t>{"Z9", 1});
    CHECK(seen[3] == std::pair<std::string, std::uint64_t>{"??", 3});
  }

  TEST_CASE("the exit code is 1 when any request went unanswered") {
    load_stats ok;
    ok.sent = ok.answered = 10;
    ok.unmatched = 3;
    CHECK(exit_code(ok) == 0);
    for (auto field : {&load_stats::timeouts, &load_stats::lost, &load_stats::unsent,
                       &load_stats::failed_connections}) {
      load_stats bad = ok;
      bad.*field = 1;
      CHECK(exit_code(bad) == 1);
    }
  }

  TEST_CASE("merged stats span from the first request to the last answer") {
    const auto t0 = load_stats::clock::now();
    load_stats a;
    a.answered = 100;
    a.first_sent = t0 + 1s;
    a.last_answer = t0 + 2s;
    load_stats b;
    b.answered = 100;
    b.first_sent = t0;
    b.last_answer = t0 + 1s;
    load_summary summary;
    summary.totals.merge(a);
    summary.totals.merge(b);
    CHECK(summary.elapsed_seconds() == doctest::Approx(2.0));
    CHECK(summary.throughput() == doctest::Approx(100.0));
  }

  TEST_CASE("the JSON summary is one line with every count") {
    load_summary summary;
    summary.connections = 2;
    summary.totals.sent = 3;
    summary.totals.answered = 2;
    summary.totals.timeouts = 1;
    summary.totals.codes.record("00");
    summary.totals.latency.record(1500);
    const auto json = format_json(summary);
    CHECK(json.find('\n') == std::string::npos);
    for (const char* part : {"\"connections\":2", "\"sent\":3", "\"answered\":2", "\"timeouts\":1",
                             "\"codes\":{\"00\":1}", "\"p50\":1.500"})
      CHECK_MESSAGE(json.find(part) != std::string::npos, part);
    CHECK(format_text(summary).find("p50 1.500") != std::string::npos);
  }
}
