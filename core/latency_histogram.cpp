#include "core/latency_histogram.hpp"

#include <algorithm>

namespace switchyard::core {

void latency_histogram::record(duration took) {
  auto seconds = std::chrono::duration<double>(took).count();
  std::size_t i = 0;
  while (i < bounds.size() && seconds > bounds[i])
    ++i;
  ++buckets_[i];
  ++count_;
  sum_seconds_ += seconds;
}

std::uint64_t latency_histogram::cumulative(std::size_t i) const {
  std::uint64_t total = 0;
  for (std::size_t b = 0; b <= std::min(i, bounds.size()); ++b)
    total += buckets_[b];
  return total;
}

std::optional<double> latency_histogram::quantile(double q) const {
  if (count_ == 0)
    return std::nullopt;
  auto rank = q * static_cast<double>(count_);
  std::uint64_t below = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    auto in_bucket = buckets_[i];
    if (static_cast<double>(below + in_bucket) >= rank && in_bucket > 0) {
      if (i == bounds.size())
        return bounds.back();
      double low = i == 0 ? 0.0 : bounds[i - 1];
      double share = (rank - static_cast<double>(below)) / static_cast<double>(in_bucket);
      return low + (bounds[i] - low) * std::clamp(share, 0.0, 1.0);
    }
    below += in_bucket;
  }
  return bounds.back();
}

latency_histogram
latency_histogram::from(const std::array<std::uint64_t, bounds.size() + 1>& buckets,
                        double sum_seconds) {
  latency_histogram h;
  h.buckets_ = buckets;
  for (auto b : buckets)
    h.count_ += b;
  h.sum_seconds_ = sum_seconds;
  return h;
}

} // namespace switchyard::core
