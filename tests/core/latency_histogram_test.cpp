// Answer times by bucket: bounds inclusive, cumulative counts, sum, and quantile estimates.

#include "core/latency_histogram.hpp"

#include <doctest/doctest.h>

using namespace switchyard::core;
using namespace std::chrono_literals;

TEST_SUITE("latency histogram") {
  TEST_CASE("an answer lands in the first bucket whose bound it does not exceed") {
    latency_histogram h;
    h.record(1ms);    // exactly 0.001: le="0.001"
    h.record(1100us); // le="0.0025"
    h.record(20s);    // over every bound: +Inf
    CHECK(h.cumulative(0) == 0);
    CHECK(h.cumulative(1) == 1);
    CHECK(h.cumulative(2) == 2);
    CHECK(h.cumulative(latency_histogram::bounds.size() - 1) == 2);
    CHECK(h.cumulative(latency_histogram::bounds.size()) == 3);
    CHECK(h.count() == 3);
    CHECK(h.sum_seconds() == doctest::Approx(20.0021));
  }

  TEST_CASE("quantiles interpolate inside their bucket and say nothing without answers") {
    latency_histogram h;
    CHECK_FALSE(h.quantile(0.5).has_value());
    for (int i = 0; i < 100; ++i)
      h.record(i < 90 ? 3ms : 40ms); // 90 in (0.0025, 0.005], 10 in (0.025, 0.05]
    CHECK(*h.quantile(0.5) == doctest::Approx(0.0025 + 0.0025 * (50.0 / 90.0)));
    CHECK(*h.quantile(0.99) == doctest::Approx(0.025 + 0.025 * (9.0 / 10.0)));
    latency_histogram slow;
    slow.record(30s);
    CHECK(*slow.quantile(0.5) == doctest::Approx(10.0));
  }

  TEST_CASE("a histogram rebuilt from its buckets and sum is the same") {
    latency_histogram h;
    h.record(2ms);
    h.record(200ms);
    auto copy = latency_histogram::from(h.buckets(), h.sum_seconds());
    CHECK(copy.count() == 2);
    CHECK(copy.cumulative(latency_histogram::bounds.size()) == 2);
    CHECK(copy.sum_seconds() == doctest::Approx(h.sum_seconds()));
    CHECK(*copy.quantile(0.5) == doctest::Approx(*h.quantile(0.5)));
  }
}
