#pragma once

#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace switchyard::core {

/// Latency figures of one host or network at one moment; empty when nothing was recorded.
struct latency_summary {
  std::optional<duration> ewma; ///< exponentially weighted moving average
  std::optional<duration> p50;  ///< median of the recent window
  std::optional<duration> p95;  ///< 95th percentile of the recent window
  std::optional<duration> p99;  ///< 99th percentile of the recent window
  std::uint64_t count = 0;      ///< samples recorded since construction or reset
};

/// Tracks an EWMA of latency and exact percentiles over the last `window_size` samples,
/// in memory fixed at construction.
class latency_tracker {
public:
  /// Creates a tracker; `alpha` in (0, 1] weighs each new sample, `window_size` is at least 1.
  explicit latency_tracker(std::size_t window_size = 256, double alpha = 0.2);

  /// Adds one observed latency; negative latencies count as zero.
  void record(duration latency);

  /// Returns the EWMA, or nothing before the first sample.
  std::optional<duration> ewma() const noexcept { return ewma_; }

  /// Returns the nearest-rank `q` quantile (q in [0, 1]) of the window in O(window) time.
  std::optional<duration> percentile(double q) const;

  /// Returns the EWMA and p50/p95/p99 computed with one sort of the window.
  latency_summary summary() const;

  /// Returns how many samples were recorded since construction or reset.
  std::uint64_t count() const noexcept { return count_; }

  /// Returns how many samples the window currently holds.
  std::size_t window_count() const noexcept { return filled_; }

  /// Forgets every sample.
  void reset();

private:
  std::vector<duration> window_copy() const;

  double alpha_;
  std::vector<duration> window_;
  std::size_t next_ = 0;
  std::size_t filled_ = 0;
  std::uint64_t count_ = 0;
  std::optional<duration> ewma_;
};

/// Returns the nearest-rank index of quantile `q` in a sorted sequence of `n` > 0 values.
std::size_t nearest_rank_index(double q, std::size_t n);

} // namespace switchyard::core
