#pragma once

#include <cstdint>
#include <vector>

namespace switchyard::loadgen {

/// Latencies in microseconds, counted in buckets that are exact below 2048 us and never
/// wider than 1/1024 of their value above it (HdrHistogram's layout with 11 bits of
/// precision), so percentiles cost no per-sample memory.
class latency_histogram {
public:
  /// Counts one latency of `us` microseconds.
  void record(std::uint64_t us);

  /// Adds every count of `other`.
  void merge(const latency_histogram& other);

  /// Returns the number of latencies counted.
  std::uint64_t count() const noexcept { return count_; }

  /// Returns the largest latency counted, exactly; 0 when empty.
  std::uint64_t max() const noexcept { return max_; }

  /// Returns the mean latency; 0 when empty.
  double mean() const noexcept { return count_ ? static_cast<double>(sum_) / count_ : 0.0; }

  /// Returns the latency that `fraction` (0..1) of the counted latencies do not exceed, to
  /// the precision of its bucket; 0 when empty.
  std::uint64_t percentile(double fraction) const;

private:
  static std::size_t bucket_of(std::uint64_t us) noexcept;
  static std::uint64_t midpoint_of(std::size_t bucket) noexcept;

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t max_ = 0;
};

} // namespace switchyard::loadgen
