#include "core/latency_tracker.hpp"

#include <algorithm>
#include <cmath>

namespace switchyard::core {

latency_tracker::latency_tracker(std::size_t window_size, double alpha)
    : alpha_(std::clamp(alpha, 1e-6, 1.0)), window_(std::max<std::size_t>(window_size, 1)) {}

void latency_tracker::record(duration latency) {
  latency = std::max(latency, duration::zero());
  window_[next_] = latency;
  next_ = (next_ + 1) % window_.size();
  filled_ = std::min(filled_ + 1, window_.size());
  ++count_;
  if (!ewma_) {
    ewma_ = latency;
    return;
  }
  auto prev = static_cast<double>(ewma_->count());
  auto next = prev + alpha_ * (static_cast<double>(latency.count()) - prev);
  ewma_ = duration{static_cast<duration::rep>(std::llround(next))};
}

std::size_t nearest_rank_index(double q, std::size_t n) {
  // The epsilon keeps products such as 0.07 * 100 = 7.000000000000001 on rank 7.
  auto exact = std::clamp(q, 0.0, 1.0) * static_cast<double>(n);
  auto rank = static_cast<std::size_t>(std::ceil(exact - 1e-9));
  return std::clamp<std::size_t>(rank, 1, n) - 1;
}

std::optional<duration> latency_tracker::percentile(double q) const {
  if (filled_ == 0)
    return std::nullopt;
  auto values = window_copy();
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(nearest_rank_index(q, values.size()));
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

latency_summary latency_tracker::summary() const {
  latency_summary result;
  result.ewma = ewma_;
  result.count = count_;
  if (filled_ == 0)
    return result;
  auto values = window_copy();
  std::sort(values.begin(), values.end());
  result.p50 = values[nearest_rank_index(0.50, values.size())];
  result.p95 = values[nearest_rank_index(0.95, values.size())];
  result.p99 = values[nearest_rank_index(0.99, values.size())];
  return result;
}

void latency_tracker::reset() {
  next_ = 0;
  filled_ = 0;
  count_ = 0;
  ewma_.reset();
}

std::vector<duration> latency_tracker::window_copy() const {
  return {window_.begin(), window_.begin() + static_cast<std::ptrdiff_t>(filled_)};
}

} // namespace switchyard::core
