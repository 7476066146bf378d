#include "core/hedging_policy.hpp"

#include <algorithm>
#include <chrono>

namespace switchyard::core {

hedging_policy::hedging_policy(const config::hedging_settings& settings)
    : enabled_(settings.enabled),
      min_delay_(std::chrono::milliseconds{settings.min_delay_ms}),
      max_delay_(std::chrono::milliseconds{std::max(settings.min_delay_ms, settings.max_delay_ms)}),
      max_extra_(settings.max_extra) {}

duration hedging_policy::hedge_delay(std::optional<duration> p95) const {
  // Without a measurement, hedge late: an early hedge would double load on a cold start.
  if (!p95)
    return max_delay_;
  return std::clamp(*p95, min_delay_, max_delay_);
}

bool hedging_policy::can_hedge(std::uint32_t extras_in_flight) const noexcept {
  return enabled_ && extras_in_flight < max_extra_;
}

} // namespace switchyard::core
