#pragma once

#include "config/settings.hpp"

#include <cstdint>

namespace switchyard::core {

/// Whether a host or network is considered able to serve traffic.
enum class health_status : std::uint8_t { up, down };

/// What one recorded probe outcome did to the status.
enum class health_change : std::uint8_t { none, went_up, went_down };

/// Returns "up" or "down".
const char* to_string(health_status x);

/// Returns "none", "went_up" or "went_down".
const char* to_string(health_change x);

/// Turns probe outcomes into up/down transitions: `healthy_threshold` consecutive successes
/// mark a down target up, `unhealthy_threshold` consecutive failures mark an up target down.
class health_tracker {
public:
  /// Creates a tracker; thresholds of zero count as one.
  health_tracker(std::uint32_t healthy_threshold, std::uint32_t unhealthy_threshold,
                 health_status initial = health_status::up);

  /// Creates a tracker with the thresholds of a network's health check.
  explicit health_tracker(const config::health_check_settings& settings,
                          health_status initial = health_status::up);

  /// Records a successful probe and returns the transition it caused, if any.
  health_change record_success();

  /// Records a failed probe and returns the transition it caused, if any.
  health_change record_failure();

  /// Sets the status directly (an operator's override) and clears both runs.
  health_change force(health_status status);

  /// Returns the current status.
  health_status status() const noexcept { return status_; }

  /// Returns whether the status is up.
  bool is_up() const noexcept { return status_ == health_status::up; }

  /// Returns the current run of consecutive successes.
  std::uint32_t consecutive_successes() const noexcept { return successes_; }

  /// Returns the current run of consecutive failures.
  std::uint32_t consecutive_failures() const noexcept { return failures_; }

private:
  std::uint32_t healthy_threshold_;
  std::uint32_t unhealthy_threshold_;
  health_status status_;
  std::uint32_t successes_ = 0;
  std::uint32_t failures_ = 0;
};

} // namespace switchyard::core
