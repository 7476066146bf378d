#include "core/probe_schedule.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace switchyard::core {

probe_schedule::probe_schedule(duration interval, duration jitter, unit_random random)
    : interval_(std::max(interval, duration::zero())),
      jitter_(std::max(jitter, duration::zero())),
      random_(std::move(random)) {}

probe_schedule::probe_schedule(const config::health_check_settings& settings, unit_random random)
    : probe_schedule(std::chrono::milliseconds{settings.interval_ms},
                     std::chrono::milliseconds{settings.jitter_ms}, std::move(random)) {}

time_point probe_schedule::next_probe(time_point now) {
  // A draw u in [0, 1) maps to an offset in [-jitter, +jitter).
  auto u = std::clamp(random_(), 0.0, 1.0);
  auto offset = static_cast<double>(jitter_.count()) * (2.0 * u - 1.0);
  auto delay = interval_ + duration{static_cast<duration::rep>(offset)};
  return now + std::max(delay, duration::zero());
}

} // namespace switchyard::core
