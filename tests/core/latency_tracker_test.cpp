#include "core/latency_tracker.hpp"

#include "tests/core/chrono_output.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;
using switchyard::core::duration;
using switchyard::core::latency_tracker;
using switchyard::core::nearest_rank_index;

namespace {

latency_tracker filled_with_1_to_100ms(std::size_t window) {
  latency_tracker lt{window};
  for (int i = 1; i <= 100; ++i)
    lt.record(std::chrono::milliseconds{i});
  return lt;
}

} // namespace

TEST_SUITE("latency_tracker") {
  TEST_CASE("an empty tracker reports no figures") {
    latency_tracker lt;
    CHECK_FALSE(lt.ewma().has_value());
    CHECK_FALSE(lt.percentile(0.5).has_value());
    auto s = lt.summary();
    CHECK_FALSE(s.p50.has_value());
    CHECK_FALSE(s.p99.has_value());
    CHECK(s.count == 0);
  }

  TEST_CASE("the first sample sets the moving average") {
    latency_tracker lt{16, 0.2};
    lt.record(30ms);
    REQUIRE(lt.ewma().has_value());
    CHECK(*lt.ewma() == duration{30ms});
  }

  TEST_CASE("each later sample moves the average by alpha of the difference") {
    latency_tracker lt{16, 0.25};
    lt.record(100ms);
    lt.record(200ms); // 100 + 0.25 * 100
    CHECK(*lt.ewma() == duration{125ms});
    lt.record(25ms); // 125 + 0.25 * -100
    CHECK(*lt.ewma() == duration{100ms});
  }

  TEST_CASE("percentiles of 1 to 100 ms are the nearest ranks") {
    auto lt = filled_with_1_to_100ms(100);
    auto s = lt.summary();
    CHECK(*s.p50 == duration{50ms});
    CHECK(*s.p95 == duration{95ms});
    CHECK(*s.p99 == duration{99ms});
    CHECK(*lt.percentile(0.0) == duration{1ms});
    CHECK(*lt.percentile(1.0) == duration{100ms});
    CHECK(*lt.percentile(0.07) == duration{7ms});
    CHECK(s.count == 100);
  }

  TEST_CASE("percentiles do not depend on the order of arrival") {
    latency_tracker lt{10};
    for (auto ms : {9, 3, 7, 1, 10, 5, 2, 8, 4, 6})
      lt.record(std::chrono::milliseconds{ms});
    CHECK(*lt.percentile(0.5) == duration{5ms});
    CHECK(*lt.percentile(0.9) == duration{9ms});
  }

  TEST_CASE("the window keeps only the most recent samples") {
    auto lt = filled_with_1_to_100ms(10);
    CHECK(lt.window_count() == 10);
    CHECK(lt.count() == 100);
    CHECK(*lt.percentile(0.0) == duration{91ms});
    CHECK(*lt.summary().p50 == duration{95ms});
  }

  TEST_CASE("a single sample is every percentile") {
    latency_tracker lt{8};
    lt.record(12ms);
    auto s = lt.summary();
    CHECK(*s.p50 == duration{12ms});
    CHECK(*s.p95 == duration{12ms});
    CHECK(*s.p99 == duration{12ms});
  }

  TEST_CASE("reset forgets the window and the average") {
    auto lt = filled_with_1_to_100ms(10);
    lt.reset();
    CHECK(lt.count() == 0);
    CHECK_FALSE(lt.ewma().has_value());
    lt.record(3ms);
    CHECK(*lt.percentile(0.99) == duration{3ms});
  }

  TEST_CASE("a negative latency counts as zero") {
    latency_tracker lt{4};
    lt.record(-5ms);
    CHECK(*lt.ewma() == duration::zero());
    CHECK(*lt.percentile(0.5) == duration::zero());
  }

  TEST_CASE("nearest rank indices follow ceil(q * n) - 1 and stay in range") {
    CHECK(nearest_rank_index(0.5, 100) == 49);
    CHECK(nearest_rank_index(0.95, 20) == 18);
    CHECK(nearest_rank_index(0.99, 10) == 9);
    CHECK(nearest_rank_index(0.0, 10) == 0);
    CHECK(nearest_rank_index(1.0, 10) == 9);
    CHECK(nearest_rank_index(2.0, 10) == 9);
    CHECK(nearest_rank_index(0.5, 1) == 0);
  }
}
