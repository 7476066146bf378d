#include "core/backoff.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace switchyard::core {

namespace {

duration scale(duration d, double u) {
  auto clamped = std::clamp(u, 0.0, 1.0);
  return duration{static_cast<duration::rep>(static_cast<double>(d.count()) * clamped)};
}

backoff_settings sanitized(backoff_settings x) {
  x.base = std::max(x.base, duration::zero());
  x.max = std::max(x.max, x.base);
  return x;
}

} // namespace

backoff_settings to_backoff_settings(const config::retry_settings& retry) {
  backoff_settings result;
  result.base = std::chrono::milliseconds{retry.base_backoff_ms};
  result.max = std::chrono::milliseconds{retry.max_backoff_ms};
  result.jitter = jitter_kind::full;
  return result;
}

duration backoff_ceiling(const backoff_settings& settings, std::uint32_t attempt) {
  auto s = sanitized(settings);
  if (s.base == duration::zero())
    return duration::zero();
  // Doubling stops at the cap, so the loop runs at most about 63 times.
  auto delay = s.base;
  for (std::uint32_t i = 0; i < attempt && delay < s.max; ++i)
    delay = delay > s.max / 2 ? s.max : delay * 2;
  return std::min(delay, s.max);
}

duration full_jitter_delay(const backoff_settings& settings, std::uint32_t attempt, double u) {
  return scale(backoff_ceiling(settings, attempt), u);
}

duration decorrelated_delay(const backoff_settings& settings, duration previous, double u) {
  auto s = sanitized(settings);
  auto from = std::max(previous, s.base);
  auto upper = from > s.max / 3 ? s.max : from * 3;
  return std::min(s.max, s.base + scale(upper - s.base, u));
}

backoff::backoff(const backoff_settings& settings, unit_random random)
    : settings_(sanitized(settings)), random_(std::move(random)), previous_(settings_.base) {}

duration backoff::next_delay() {
  duration delay{};
  switch (settings_.jitter) {
    case jitter_kind::none:
      delay = backoff_ceiling(settings_, attempt_);
      break;
    case jitter_kind::full:
      delay = full_jitter_delay(settings_, attempt_, random_());
      break;
    case jitter_kind::decorrelated:
      delay = decorrelated_delay(settings_, previous_, random_());
      break;
  }
  previous_ = delay;
  if (attempt_ < std::numeric_limits<std::uint32_t>::max())
    ++attempt_;
  return delay;
}

void backoff::reset() {
  attempt_ = 0;
  previous_ = settings_.base;
}

} // namespace switchyard::core
