#include "core/hedging_policy.hpp"

#include "tests/core/chrono_output.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;
using switchyard::config::hedging_settings;
using switchyard::core::duration;
using switchyard::core::hedging_policy;

namespace {

hedging_settings enabled(std::uint32_t min_ms, std::uint32_t max_ms, std::uint32_t extra = 1) {
  hedging_settings s;
  s.enabled = true;
  s.min_delay_ms = min_ms;
  s.max_delay_ms = max_ms;
  s.max_extra = extra;
  return s;
}

} // namespace

TEST_SUITE("hedging_policy") {
  TEST_CASE("the delay is the p95 when it lies within the bounds") {
    hedging_policy p{enabled(20, 500)};
    CHECK(p.hedge_delay(120ms) == duration{120ms});
    CHECK(p.hedge_delay(20ms) == duration{20ms});
    CHECK(p.hedge_delay(500ms) == duration{500ms});
  }

  TEST_CASE("a p95 below the minimum is raised to the minimum") {
    hedging_policy p{enabled(20, 500)};
    CHECK(p.hedge_delay(3ms) == duration{20ms});
    CHECK(p.hedge_delay(duration::zero()) == duration{20ms});
  }

  TEST_CASE("a p95 above the maximum is lowered to the maximum") {
    hedging_policy p{enabled(20, 500)};
    CHECK(p.hedge_delay(2s) == duration{500ms});
  }

  TEST_CASE("an unknown p95 waits the maximum delay") {
    hedging_policy p{enabled(20, 500)};
    CHECK(p.hedge_delay(std::nullopt) == duration{500ms});
  }

  TEST_CASE("hedges are allowed only while fewer than max_extra are in flight") {
    hedging_policy p{enabled(20, 500, 2)};
    CHECK(p.can_hedge(0));
    CHECK(p.can_hedge(1));
    CHECK_FALSE(p.can_hedge(2));
    CHECK_FALSE(p.can_hedge(3));
  }

  TEST_CASE("a disabled policy never hedges") {
    hedging_settings s = enabled(20, 500, 3);
    s.enabled = false;
    hedging_policy p{s};
    CHECK_FALSE(p.is_enabled());
    CHECK_FALSE(p.can_hedge(0));
  }

  TEST_CASE("a maximum below the minimum is raised to the minimum") {
    hedging_policy p{enabled(300, 100)};
    CHECK(p.max_delay() == duration{300ms});
    CHECK(p.hedge_delay(1s) == duration{300ms});
    CHECK(p.hedge_delay(1ms) == duration{300ms});
  }
}
