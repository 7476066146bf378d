#include "tools/loadgen-iso8583/latency_histogram.hpp"

#include <doctest/doctest.h>

#include <cstdint>

using switchyard::loadgen::latency_histogram;

TEST_SUITE("loadgen latency histogram") {
  TEST_CASE("an empty histogram reports zeros") {
    const latency_histogram h;
    CHECK(h.count() == 0);
    CHECK(h.percentile(0.99) == 0);
    CHECK(h.max() == 0);
    CHECK(h.mean() == 0);
  }

  TEST_CASE("percentiles below 2048 microseconds are exact") {
    latency_histogram h;
    for (std::uint64_t us = 1; us <= 1000; ++us)
      h.record(us);
    CHECK(h.count() == 1000);
    CHECK(h.percentile(0.50) == 500);
    CHECK(h.percentile(0.95) == 950);
    CHECK(h.percentile(0.99) == 990);
    CHECK(h.percentile(1.0) == 1000);
    CHECK(h.max() == 1000);
    CHECK(h.mean() == doctest::Approx(500.5));
  }

  TEST_CASE("larger latencies keep a relative precision of one in a thousand") {
    for (std::uint64_t us : {2048ULL, 3001ULL, 12345ULL, 987654ULL, 123456789ULL}) {
      CAPTURE(us);
      latency_histogram h;
      h.record(us);
      h.record(us * 2);
      const auto p = h.percentile(0.5);
      CHECK(static_cast<double>(p) == doctest::Approx(static_cast<double>(us)).epsilon(0.001));
      CHECK(h.max() == us * 2);
    }
  }

  TEST_CASE("merging adds counts and keeps the larger maximum") {
    latency_histogram a;
    latency_histogram b;
    for (int i = 0; i < 90; ++i)
      a.record(100);
    for (int i = 0; i < 10; ++i)
      b.record(50000);
    a.merge(b);
    CHECK(a.count() == 100);
    CHECK(a.percentile(0.90) == 100);
    CHECK(static_cast<double>(a.percentile(0.91)) == doctest::Approx(50000).epsilon(0.001));
    CHECK(a.max() == 50000);
  }
}
