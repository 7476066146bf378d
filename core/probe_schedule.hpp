#pragma once

#include "config/settings.hpp"
#include "core/random_source.hpp"
#include "core/time.hpp"

namespace switchyard::core {

/// Spreads active health probes in time: each next probe is due at now + interval ± jitter,
/// so that probes of many targets do not fire in lockstep.
class probe_schedule {
public:
  /// Creates a schedule; a negative jitter counts as zero.
  probe_schedule(duration interval, duration jitter, unit_random random);

  /// Creates a schedule from a network's health check interval and jitter.
  probe_schedule(const config::health_check_settings& settings, unit_random random);

  /// Returns when the probe after one made at `now` is due, never earlier than `now`.
  time_point next_probe(time_point now);

  /// Returns the mean interval between probes.
  duration interval() const noexcept { return interval_; }

  /// Returns the largest deviation from the interval.
  duration jitter() const noexcept { return jitter_; }

private:
  duration interval_;
  duration jitter_;
  unit_random random_;
};

} // namespace switchyard::core
