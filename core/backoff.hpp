#pragma once

#include "config/settings.hpp"
#include "core/random_source.hpp"
#include "core/time.hpp"

#include <chrono>
#include <cstdint>

namespace switchyard::core {

/// How a backoff delay is randomised.
enum class jitter_kind : std::uint8_t {
  none,         ///< exactly min(max, base * 2^attempt)
  full,         ///< uniform in [0, min(max, base * 2^attempt))
  decorrelated, ///< uniform in [base, 3 * previous), capped at max (AWS "decorrelated jitter")
};

/// Bounds and randomisation of an exponential backoff.
struct backoff_settings {
  duration base = std::chrono::milliseconds{50}; ///< delay before the first retry
  duration max = std::chrono::seconds{1};        ///< no delay exceeds this
  jitter_kind jitter = jitter_kind::full;
};

/// Returns full-jitter backoff settings bounded by `retry`'s base and max backoff.
backoff_settings to_backoff_settings(const config::retry_settings& retry);

/// Returns min(max, base * 2^attempt) without overflowing.
duration backoff_ceiling(const backoff_settings& settings, std::uint32_t attempt);

/// Returns the full-jitter delay of `attempt` for a draw `u` in [0, 1).
duration full_jitter_delay(const backoff_settings& settings, std::uint32_t attempt, double u);

/// Returns the decorrelated-jitter delay following `previous` for a draw `u` in [0, 1).
duration decorrelated_delay(const backoff_settings& settings, duration previous, double u);

/// An attempt counter yielding successive backoff delays, e.g. for retries or reconnects.
class backoff {
public:
  /// Creates a backoff at attempt 0; `random` supplies the jitter draws.
  backoff(const backoff_settings& settings, unit_random random);

  /// Returns the delay to wait before the next attempt and advances the attempt counter.
  duration next_delay();

  /// Returns how many delays were handed out since construction or reset.
  std::uint32_t attempt() const noexcept { return attempt_; }

  /// Starts over at attempt 0, e.g. after a successful connect.
  void reset();

  /// Returns the settings.
  const backoff_settings& settings() const noexcept { return settings_; }

private:
  backoff_settings settings_;
  unit_random random_;
  std::uint32_t attempt_ = 0;
  duration previous_;
};

} // namespace switchyard::core
