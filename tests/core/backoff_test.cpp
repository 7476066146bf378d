#include "core/backoff.hpp"

#include "tests/core/chrono_output.hpp"
#include "tests/core/scripted_random.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <random>

using namespace std::chrono_literals;
using switchyard::core::backoff;
using switchyard::core::backoff_ceiling;
using switchyard::core::backoff_settings;
using switchyard::core::duration;
using switchyard::core::jitter_kind;
using switchyard::core::testing::constant_random;
using switchyard::core::testing::scripted_random;

namespace {

backoff_settings settings_of(jitter_kind jitter, duration base = 100ms, duration max = 1s) {
  return backoff_settings{base, max, jitter};
}

} // namespace

TEST_SUITE("backoff") {
  TEST_CASE("the ceiling doubles from the base and stops at the maximum") {
    auto s = settings_of(jitter_kind::none);
    CHECK(backoff_ceiling(s, 0) == duration{100ms});
    CHECK(backoff_ceiling(s, 1) == duration{200ms});
    CHECK(backoff_ceiling(s, 3) == duration{800ms});
    CHECK(backoff_ceiling(s, 4) == duration{1s});
    CHECK(backoff_ceiling(s, 30) == duration{1s});
  }

  TEST_CASE("the ceiling does not overflow for huge attempts and bounds") {
    auto s = settings_of(jitter_kind::none, 1ms, duration::max());
    CHECK(backoff_ceiling(s, 4'000'000'000U) == duration::max());
    CHECK(backoff_ceiling(s, 10) == duration{1024ms});
  }

  TEST_CASE("without jitter successive delays are the ceilings") {
    backoff b{settings_of(jitter_kind::none), constant_random(0.7)};
    CHECK(b.next_delay() == duration{100ms});
    CHECK(b.next_delay() == duration{200ms});
    CHECK(b.next_delay() == duration{400ms});
    CHECK(b.attempt() == 3);
  }

  TEST_CASE("full jitter scales the ceiling by the random draw") {
    backoff b{settings_of(jitter_kind::full), constant_random(0.5)};
    CHECK(b.next_delay() == duration{50ms});
    CHECK(b.next_delay() == duration{100ms});
    CHECK(b.next_delay() == duration{200ms});
    CHECK(b.next_delay() == duration{400ms});
    CHECK(b.next_delay() == duration{500ms});
  }

  TEST_CASE("full jitter stays below the ceiling for every draw") {
    std::mt19937_64 engine{1};
    backoff b{settings_of(jitter_kind::full), switchyard::core::make_unit_random(engine)};
    for (std::uint32_t attempt = 0; attempt < 200; ++attempt) {
      auto ceiling = backoff_ceiling(b.settings(), b.attempt());
      auto d = b.next_delay();
      CHECK(d >= duration::zero());
      CHECK(d < ceiling);
    }
  }

  TEST_CASE("decorrelated jitter draws between the base and three times the last delay") {
    // Draw 1.0 takes the top of each range: 3 * 100, 3 * 300, then the cap.
    backoff b{settings_of(jitter_kind::decorrelated), constant_random(1.0)};
    CHECK(b.next_delay() == duration{300ms});
    CHECK(b.next_delay() == duration{900ms});
    CHECK(b.next_delay() == duration{1s});
    CHECK(b.next_delay() == duration{1s});
  }

  TEST_CASE("decorrelated jitter never goes below the base or above the maximum") {
    backoff b{settings_of(jitter_kind::decorrelated), scripted_random({0.0, 0.9, 0.3, 0.99})};
    for (int i = 0; i < 40; ++i) {
      auto d = b.next_delay();
      CHECK(d >= duration{100ms});
      CHECK(d <= duration{1s});
    }
  }

  TEST_CASE("reset starts over at the first attempt") {
    backoff b{settings_of(jitter_kind::none), constant_random(0.0)};
    b.next_delay();
    b.next_delay();
    b.reset();
    CHECK(b.attempt() == 0);
    CHECK(b.next_delay() == duration{100ms});
  }

  TEST_CASE("a maximum below the base is raised to the base") {
    backoff b{settings_of(jitter_kind::none, 300ms, 100ms), constant_random(0.0)};
    CHECK(b.next_delay() == duration{300ms});
    CHECK(b.next_delay() == duration{300ms});
  }

  TEST_CASE("retry settings give full jitter between their base and maximum") {
    switchyard::config::retry_settings retry;
    retry.base_backoff_ms = 20;
    retry.max_backoff_ms = 700;
    auto s = switchyard::core::to_backoff_settings(retry);
    CHECK(s.base == duration{20ms});
    CHECK(s.max == duration{700ms});
    CHECK(s.jitter == jitter_kind::full);
  }
}
