#include "core/probe_schedule.hpp"

#include "tests/core/chrono_output.hpp"
#include "tests/core/scripted_random.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <random>

using namespace std::chrono_literals;
using switchyard::core::duration;
using switchyard::core::probe_schedule;
using switchyard::core::time_point;
using switchyard::core::testing::constant_random;

namespace {

const time_point t0{};

} // namespace

TEST_SUITE("probe_schedule") {
  TEST_CASE("a middle draw schedules the probe exactly one interval later") {
    probe_schedule s{5s, 500ms, constant_random(0.5)};
    CHECK(s.next_probe(t0) == t0 + 5s);
    CHECK(s.next_probe(t0 + 5s) == t0 + 10s);
  }

  TEST_CASE("the lowest draw schedules the probe one jitter early") {
    probe_schedule s{5s, 500ms, constant_random(0.0)};
    CHECK(s.next_probe(t0) == t0 + 4500ms);
  }

  TEST_CASE("a draw of 0.75 schedules the probe half a jitter late") {
    probe_schedule s{5s, 500ms, constant_random(0.75)};
    CHECK(s.next_probe(t0) == t0 + 5250ms);
  }

  TEST_CASE("seeded draws stay within interval plus or minus jitter") {
    std::mt19937_64 engine{3};
    probe_schedule s{1s, 200ms, switchyard::core::make_unit_random(engine)};
    for (int i = 0; i < 200; ++i) {
      auto at = s.next_probe(t0);
      CHECK(at >= t0 + 800ms);
      CHECK(at < t0 + 1200ms);
    }
  }

  TEST_CASE("a jitter larger than the interval never schedules in the past") {
    probe_schedule s{100ms, 1s, constant_random(0.0)};
    CHECK(s.next_probe(t0 + 1s) == t0 + 1s);
  }

  TEST_CASE("interval and jitter come from the health check settings in milliseconds") {
    switchyard::config::health_check_settings hc;
    hc.interval_ms = 2000;
    hc.jitter_ms = 250;
    probe_schedule s{hc, constant_random(0.5)};
    CHECK(s.interval() == duration{2s});
    CHECK(s.jitter() == duration{250ms});
    CHECK(s.next_probe(t0) == t0 + 2s);
  }
}
