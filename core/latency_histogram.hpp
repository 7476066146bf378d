#pragma once

// How long a network's answers took, as a histogram with fixed bounds (Prometheus's
// convention: seconds, cumulative buckets up to +Inf), cheap enough to record every answer:
// one comparison walk over 14 bounds and two additions. Plain, no synchronization: its owner
// records on one strand and copies it out when it publishes its numbers.

#include "core/time.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace switchyard::core {

/// Answer times by bucket, their sum and count.
class latency_histogram {
public:
  /// The buckets' upper bounds in seconds (the last bucket, +Inf, is implicit).
  static constexpr std::array<double, 14> bounds
    = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

  /// Counts one answer that took `took`.
  void record(duration took);

  /// Returns how many answers took at most bounds[i] (i < bounds.size()) or any time
  /// (i == bounds.size()): Prometheus's cumulative `le` buckets.
  std::uint64_t cumulative(std::size_t i) const;

  /// Returns how many answers were counted.
  std::uint64_t count() const noexcept { return count_; }

  /// Returns the sum of their times in seconds.
  double sum_seconds() const noexcept { return sum_seconds_; }

  /// Estimates the `q` quantile (0 < q < 1) in seconds by linear interpolation inside its
  /// bucket (as Prometheus's histogram_quantile does); nothing when no answer was counted. An
  /// estimate in the +Inf bucket is the highest bound.
  std::optional<double> quantile(double q) const;

  /// Returns the counts per bucket (not cumulative), +Inf last.
  const std::array<std::uint64_t, bounds.size() + 1>& buckets() const noexcept { return buckets_; }

  /// Rebuilds a histogram from per-bucket counts and a sum (as sent between actors).
  static latency_histogram from(const std::array<std::uint64_t, bounds.size() + 1>& buckets,
                                double sum_seconds);

private:
  std::array<std::uint64_t, bounds.size() + 1> buckets_{};
  std::uint64_t count_ = 0;
  double sum_seconds_ = 0;
};

} // namespace switchyard::core
