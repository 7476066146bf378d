#include "tools/loadgen-iso8583/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace switchyard::loadgen {

namespace {

constexpr unsigned precision_bits = 11;
constexpr std::uint64_t exact_limit = std::uint64_t{1} << precision_bits; // 2048
constexpr std::uint64_t half = exact_limit / 2;                           // buckets per octave
constexpr std::uint64_t largest = (std::uint64_t{1} << 40) - 1;           // about 12 days

} // namespace

std::size_t latency_histogram::bucket_of(std::uint64_t us) noexcept {
  us = std::min(us, largest);
  if (us < exact_limit)
    return static_cast<std::size_t>(us);
  const unsigned shift = static_cast<unsigned>(std::bit_width(us)) - precision_bits;
  return static_cast<std::size_t>(exact_limit + (shift - 1) * half + ((us >> shift) - half));
}

std::uint64_t latency_histogram::midpoint_of(std::size_t bucket) noexcept {
  if (bucket < exact_limit)
    return bucket;
  const std::uint64_t above = bucket - exact_limit;
  const std::uint64_t shift = above / half + 1;
  const std::uint64_t low = (half + above % half) << shift;
  return low + ((std::uint64_t{1} << shift) >> 1);
}

void latency_histogram::record(std::uint64_t us) {
  const auto bucket = bucket_of(us);
  if (bucket >= counts_.size())
    counts_.resize(bucket + 1);
  ++counts_[bucket];
  ++count_;
  sum_ += us;
  max_ = std::max(max_, us);
}

void latency_histogram::merge(const latency_histogram& other) {
  if (other.counts_.size() > counts_.size())
    counts_.resize(other.counts_.size());
  for (std::size_t i = 0; i < other.counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

std::uint64_t latency_histogram::percentile(double fraction) const {
  if (count_ == 0)
    return 0;
  const double wanted = std::ceil(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(count_));
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(wanted));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank)
      return std::min(midpoint_of(i), max_);
  }
  return max_;
}

} // namespace switchyard::loadgen
