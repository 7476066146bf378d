#include "core/circuit_breaker.hpp"

#include "tests/core/chrono_output.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <tuple>
#include <vector>

using namespace std::chrono_literals;
using switchyard::config::breaker_settings;
using switchyard::core::breaker_state;
using switchyard::core::circuit_breaker;
using switchyard::core::time_point;

namespace {

const time_point t0{};

breaker_settings consecutive_only(std::uint32_t threshold) {
  breaker_settings s;
  s.failure_threshold = threshold;
  s.failure_rate = 0.0;
  s.recovery_timeout_ms = 1000;
  s.half_open_successes = 2;
  return s;
}

breaker_settings rate_only(double rate, std::uint32_t window, std::uint32_t minimum) {
  breaker_settings s;
  s.failure_threshold = 0;
  s.failure_rate = rate;
  s.window_size = window;
  s.minimum_requests = minimum;
  s.recovery_timeout_ms = 1000;
  s.half_open_successes = 2;
  return s;
}

void fail_times(circuit_breaker& cb, int n, time_point now) {
  for (int i = 0; i < n; ++i)
    cb.record_failure(now);
}

circuit_breaker opened_at(time_point when) {
  circuit_breaker cb{consecutive_only(1)};
  cb.record_failure(when);
  return cb;
}

} // namespace

TEST_SUITE("circuit_breaker") {
  TEST_CASE("a new breaker is closed and admits requests") {
    circuit_breaker cb{breaker_settings{}};
    CHECK(cb.state(t0) == breaker_state::closed);
    CHECK(cb.allow_request(t0));
    CHECK(cb.is_available(t0));
    CHECK(cb.opened_count() == 0);
  }

  TEST_CASE("opens after the consecutive failure threshold and not one failure earlier") {
    circuit_breaker cb{consecutive_only(3)};
    fail_times(cb, 2, t0);
    CHECK(cb.state(t0) == breaker_state::closed);
    cb.record_failure(t0);
    CHECK(cb.state(t0) == breaker_state::open);
    CHECK_FALSE(cb.allow_request(t0));
  }

  TEST_CASE("a success breaks the run of consecutive failures") {
    circuit_breaker cb{consecutive_only(3)};
    fail_times(cb, 2, t0);
    cb.record_success(t0);
    CHECK(cb.consecutive_failures() == 0);
    fail_times(cb, 2, t0);
    CHECK(cb.state(t0) == breaker_state::closed);
  }

  TEST_CASE("opens when the failure rate over the window reaches the threshold") {
    circuit_breaker cb{rate_only(0.5, 10, 4)};
    cb.record_success(t0);
    cb.record_failure(t0);
    cb.record_success(t0);
    CHECK(cb.state(t0) == breaker_state::closed);
    cb.record_failure(t0); // 2 of 4 = 0.5
    CHECK(cb.state(t0) == breaker_state::open);
  }

  TEST_CASE("does not apply the failure rate before the minimum number of requests") {
    circuit_breaker cb{rate_only(0.5, 10, 5)};
    fail_times(cb, 4, t0); // 100 % failures, but only 4 outcomes
    CHECK(cb.state(t0) == breaker_state::closed);
    cb.record_failure(t0);
    CHECK(cb.state(t0) == breaker_state::open);
  }

  TEST_CASE("the sliding window forgets outcomes older than its size") {
    circuit_breaker cb{rate_only(0.5, 4, 4)};
    cb.record_failure(t0);
    for (int i = 0; i < 4; ++i)
      cb.record_success(t0);
    CHECK(cb.window_count() == 4);
    CHECK(cb.window_failures() == 0);
    cb.record_failure(t0); // the window is S S S F: 0.25
    CHECK(cb.state(t0) == breaker_state::closed);
    cb.record_failure(t0); // S S F F: 0.5
    CHECK(cb.state(t0) == breaker_state::open);
  }

  TEST_CASE("a minimum above the window size is lowered to the window size") {
    circuit_breaker cb{rate_only(1.0, 3, 50)};
    fail_times(cb, 3, t0);
    CHECK(cb.state(t0) == breaker_state::open);
  }

  TEST_CASE("stays open and rejects until just before the recovery timeout") {
    auto cb = opened_at(t0);
    CHECK(cb.state(t0 + 999ms) == breaker_state::open);
    CHECK_FALSE(cb.is_available(t0 + 999ms));
    CHECK_FALSE(cb.allow_request(t0 + 999ms));
  }

  TEST_CASE("turns half-open exactly at the recovery timeout") {
    auto cb = opened_at(t0);
    CHECK(cb.state(t0 + 1000ms) == breaker_state::half_open);
    CHECK(cb.is_available(t0 + 1000ms));
    CHECK(cb.allow_request(t0 + 1000ms));
  }

  TEST_CASE("closes after the configured number of half-open successes") {
    auto cb = opened_at(t0);
    auto t1 = t0 + 1s;
    REQUIRE(cb.allow_request(t1));
    REQUIRE(cb.allow_request(t1));
    cb.record_success(t1);
    CHECK(cb.state(t1) == breaker_state::half_open);
    cb.record_success(t1);
    CHECK(cb.state(t1) == breaker_state::closed);
    CHECK(cb.allow_request(t1));
  }

  TEST_CASE("a half-open failure reopens the breaker and restarts the recovery timer") {
    auto cb = opened_at(t0);
    auto t1 = t0 + 1500ms;
    REQUIRE(cb.allow_request(t1));
    cb.record_failure(t1);
    CHECK(cb.state(t1) == breaker_state::open);
    CHECK(cb.state(t1 + 999ms) == breaker_state::open);
    CHECK(cb.state(t1 + 1000ms) == breaker_state::half_open);
    CHECK(cb.opened_count() == 2);
  }

  TEST_CASE("half-open admits no more trial requests than the success count in flight") {
    auto cb = opened_at(t0);
    auto t1 = t0 + 1s;
    CHECK(cb.allow_request(t1));
    CHECK(cb.allow_request(t1));
    CHECK_FALSE(cb.allow_request(t1));
    CHECK_FALSE(cb.is_available(t1));
    CHECK(cb.trials_in_flight() == 2);
    cb.record_success(t1);
    CHECK(cb.allow_request(t1));
  }

  TEST_CASE("a cancelled trial request frees its slot without counting as an outcome") {
    auto cb = opened_at(t0);
    auto t1 = t0 + 1s;
    REQUIRE(cb.allow_request(t1));
    REQUIRE(cb.allow_request(t1));
    cb.record_cancelled();
    CHECK(cb.trials_in_flight() == 1);
    CHECK(cb.state(t1) == breaker_state::half_open);
    CHECK(cb.allow_request(t1));
  }

  TEST_CASE("is_available does not take a trial slot") {
    auto cb = opened_at(t0);
    auto t1 = t0 + 1s;
    for (int i = 0; i < 5; ++i)
      CHECK(cb.is_available(t1));
    CHECK(cb.trials_in_flight() == 0);
  }

  TEST_CASE("counts openings and rejected requests") {
    auto cb = opened_at(t0);
    CHECK_FALSE(cb.allow_request(t0 + 1ms));
    CHECK_FALSE(cb.allow_request(t0 + 2ms));
    CHECK(cb.opened_count() == 1);
    CHECK(cb.rejected_count() == 2);
  }

  TEST_CASE("the listener sees every transition in order with its time") {
    circuit_breaker cb{consecutive_only(1)};
    std::vector<std::tuple<breaker_state, breaker_state, time_point>> events;
    cb.on_state_change([&](breaker_state from, breaker_state to, time_point at) {
      events.emplace_back(from, to, at);
    });
    cb.record_failure(t0);
    REQUIRE(cb.allow_request(t0 + 1s));
    cb.record_success(t0 + 1100ms);
    cb.record_success(t0 + 1200ms);
    REQUIRE(events.size() == 3);
    CHECK(events[0] == std::tuple{breaker_state::closed, breaker_state::open, t0});
    CHECK(events[1] == std::tuple{breaker_state::open, breaker_state::half_open, t0 + 1s});
    CHECK(events[2] == std::tuple{breaker_state::half_open, breaker_state::closed, t0 + 1200ms});
  }

  TEST_CASE("reset closes an open breaker at once and keeps the counters") {
    auto cb = opened_at(t0);
    CHECK_FALSE(cb.allow_request(t0));
    cb.reset(t0 + 1ms);
    CHECK(cb.state(t0 + 1ms) == breaker_state::closed);
    CHECK(cb.allow_request(t0 + 1ms));
    CHECK(cb.opened_count() == 1);
    CHECK(cb.rejected_count() == 1);
  }

  TEST_CASE("reset of a closed breaker forgets the failures seen so far") {
    circuit_breaker cb{consecutive_only(3)};
    fail_times(cb, 2, t0);
    cb.reset(t0);
    fail_times(cb, 2, t0);
    CHECK(cb.state(t0) == breaker_state::closed);
  }

  TEST_CASE("late outcomes reported while open change nothing") {
    auto cb = opened_at(t0);
    cb.record_success(t0 + 10ms);
    cb.record_failure(t0 + 20ms);
    CHECK(cb.opened_count() == 1);
    CHECK(cb.state(t0 + 1000ms) == breaker_state::half_open);
  }

  TEST_CASE("a breaker closed after recovery starts with an empty window") {
    circuit_breaker cb{rate_only(0.5, 4, 2)};
    fail_times(cb, 2, t0);
    REQUIRE(cb.state(t0) == breaker_state::open);
    auto t1 = t0 + 1s;
    REQUIRE(cb.allow_request(t1));
    REQUIRE(cb.allow_request(t1));
    cb.record_success(t1);
    cb.record_success(t1);
    REQUIRE(cb.state(t1) == breaker_state::closed);
    CHECK(cb.window_count() == 0);
    cb.record_success(t1);
    cb.record_failure(t1); // 1 of 2 = 0.5 on the fresh window only
    CHECK(cb.state(t1) == breaker_state::open);
  }

  TEST_CASE("a zero failure threshold and a zero failure rate never open the breaker") {
    auto s = rate_only(0.0, 4, 1);
    circuit_breaker cb{s};
    fail_times(cb, 100, t0);
    CHECK(cb.state(t0) == breaker_state::closed);
  }

  TEST_CASE("state names are stable") {
    using switchyard::core::to_string;
    CHECK(std::string{to_string(breaker_state::closed)} == "closed");
    CHECK(std::string{to_string(breaker_state::open)} == "open");
    CHECK(std::string{to_string(breaker_state::half_open)} == "half_open");
  }
}
