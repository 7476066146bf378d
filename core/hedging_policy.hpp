#pragma once

#include "config/settings.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <optional>

namespace switchyard::core {

/// Decides when a JSON-RPC call is hedged: after the network's p95 latency, clamped to
/// [min_delay, max_delay], with at most max_extra extra copies in flight.
class hedging_policy {
public:
  /// Creates a policy from the network's hedging settings; a max below min is raised to min.
  explicit hedging_policy(const config::hedging_settings& settings);

  /// Returns whether hedging is enabled at all.
  bool is_enabled() const noexcept { return enabled_; }

  /// Returns the delay after which to send a hedge; max_delay while the p95 is unknown.
  duration hedge_delay(std::optional<duration> p95) const;

  /// Returns whether one more hedge may be sent while `extras_in_flight` are outstanding.
  bool can_hedge(std::uint32_t extras_in_flight) const noexcept;

  /// Returns the lower bound of the delay.
  duration min_delay() const noexcept { return min_delay_; }

  /// Returns the upper bound of the delay.
  duration max_delay() const noexcept { return max_delay_; }

  /// Returns how many extra copies may be in flight per call.
  std::uint32_t max_extra() const noexcept { return max_extra_; }

private:
  bool enabled_;
  duration min_delay_;
  duration max_delay_;
  std::uint32_t max_extra_;
};

} // namespace switchyard::core
