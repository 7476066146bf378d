#pragma once

#include "config/settings.hpp"
#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace switchyard::core {

/// The state of a circuit breaker.
enum class breaker_state : std::uint8_t { closed, open, half_open };

/// Returns "closed", "open" or "half_open".
const char* to_string(breaker_state x);

/// Called on every state change with the old state, the new state and the time of the change.
using breaker_listener = std::function<void(breaker_state, breaker_state, time_point)>;

/// A per-host circuit breaker: closed, open after too many failures, half-open after the
/// recovery timeout, closed again after enough successful trial requests.
class circuit_breaker {
public:
  /// Creates a closed breaker; a zero failure_threshold or a failure_rate <= 0 disables that rule.
  explicit circuit_breaker(const config::breaker_settings& settings);

  /// Returns the state at `now`; an open breaker reads half_open once its timeout has elapsed.
  breaker_state state(time_point now) const;

  /// Returns whether allow_request(now) would admit a request, without taking a trial slot.
  bool is_available(time_point now) const;

  /// Admits or rejects one request; in half-open this takes one of the limited trial slots.
  bool allow_request(time_point now);

  /// Records a successful outcome of an admitted request.
  void record_success(time_point now);

  /// Records a failed outcome (error or timeout) of an admitted request.
  void record_failure(time_point now);

  /// Returns the trial slot of an admitted request whose outcome will never be known.
  void record_cancelled();

  /// Forces the breaker closed and forgets recent outcomes; counters are kept.
  void reset(time_point now);

  /// Installs the listener for state changes, replacing any previous one.
  void on_state_change(breaker_listener listener) { listener_ = std::move(listener); }

  /// Returns how many times the breaker has opened.
  std::uint64_t opened_count() const noexcept { return opened_count_; }

  /// Returns how many requests allow_request has rejected.
  std::uint64_t rejected_count() const noexcept { return rejected_count_; }

  /// Returns the current run of consecutive failures while closed.
  std::uint32_t consecutive_failures() const noexcept { return consecutive_failures_; }

  /// Returns how many outcomes the sliding window holds.
  std::size_t window_count() const noexcept { return window_count_; }

  /// Returns how many failures the sliding window holds.
  std::size_t window_failures() const noexcept { return window_failures_; }

  /// Returns how many trial requests are in flight while half-open.
  std::uint32_t trials_in_flight() const noexcept { return trials_in_flight_; }

private:
  void advance(time_point now);
  void transition(breaker_state to, time_point now);
  void push_outcome(bool failed);
  void clear_window();
  bool should_open() const;

  std::uint32_t failure_threshold_;
  double failure_rate_;
  std::size_t minimum_requests_;
  duration recovery_timeout_;
  std::uint32_t half_open_successes_;
  breaker_state state_ = breaker_state::closed;
  time_point opened_at_{};
  std::uint32_t consecutive_failures_ = 0;
  std::uint32_t trials_in_flight_ = 0;
  std::uint32_t trial_successes_ = 0;
  std::vector<bool> window_;
  std::size_t window_next_ = 0;
  std::size_t window_count_ = 0;
  std::size_t window_failures_ = 0;
  std::uint64_t opened_count_ = 0;
  std::uint64_t rejected_count_ = 0;
  breaker_listener listener_;
};

} // namespace switchyard::core
