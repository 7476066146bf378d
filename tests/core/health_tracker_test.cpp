#include "core/health_tracker.hpp"

#include <doctest/doctest.h>

#include <string>

using switchyard::core::health_change;
using switchyard::core::health_status;
using switchyard::core::health_tracker;

TEST_SUITE("health_tracker") {
  TEST_CASE("an up target goes down after the unhealthy threshold of failures") {
    health_tracker h{2, 3};
    CHECK(h.record_failure() == health_change::none);
    CHECK(h.record_failure() == health_change::none);
    CHECK(h.is_up());
    CHECK(h.record_failure() == health_change::went_down);
    CHECK(h.status() == health_status::down);
  }

  TEST_CASE("a success between failures restarts the failure count") {
    health_tracker h{2, 3};
    h.record_failure();
    h.record_failure();
    h.record_success();
    h.record_failure();
    h.record_failure();
    CHECK(h.is_up());
    CHECK(h.consecutive_failures() == 2);
  }

  TEST_CASE("a down target comes up after the healthy threshold of successes") {
    health_tracker h{2, 1, health_status::down};
    CHECK(h.record_success() == health_change::none);
    CHECK(h.record_success() == health_change::went_up);
    CHECK(h.is_up());
  }

  TEST_CASE("a failure between successes restarts the success count") {
    health_tracker h{3, 5, health_status::down};
    h.record_success();
    h.record_success();
    h.record_failure();
    CHECK(h.record_success() == health_change::none);
    CHECK(h.record_success() == health_change::none);
    CHECK(h.record_success() == health_change::went_up);
  }

  TEST_CASE("a transition is reported once, not on every later outcome") {
    health_tracker h{1, 1};
    CHECK(h.record_failure() == health_change::went_down);
    CHECK(h.record_failure() == health_change::none);
    CHECK(h.record_success() == health_change::went_up);
    CHECK(h.record_success() == health_change::none);
  }

  TEST_CASE("thresholds of zero count as one") {
    health_tracker h{0, 0};
    CHECK(h.record_failure() == health_change::went_down);
    CHECK(h.record_success() == health_change::went_up);
  }

  TEST_CASE("thresholds come from the health check settings") {
    switchyard::config::health_check_settings s;
    s.healthy_threshold = 1;
    s.unhealthy_threshold = 2;
    health_tracker h{s};
    CHECK(h.record_failure() == health_change::none);
    CHECK(h.record_failure() == health_change::went_down);
    CHECK(h.record_success() == health_change::went_up);
  }

  TEST_CASE("forcing a status reports the change and clears both runs") {
    health_tracker h{2, 2};
    h.record_failure();
    CHECK(h.force(health_status::down) == health_change::went_down);
    CHECK(h.consecutive_failures() == 0);
    CHECK(h.force(health_status::down) == health_change::none);
    CHECK(h.record_success() == health_change::none);
    CHECK(h.record_success() == health_change::went_up);
  }

  TEST_CASE("status and change names are stable") {
    using switchyard::core::to_string;
    CHECK(std::string{to_string(health_status::up)} == "up");
    CHECK(std::string{to_string(health_status::down)} == "down");
    CHECK(std::string{to_string(health_change::went_down)} == "went_down");
  }
}
