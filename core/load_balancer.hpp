#pragma once

#include "config/settings.hpp"
#include "core/random_source.hpp"
#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace switchyard::core {

/// What the balancer needs to know about one host at the moment of a choice.
struct host_view {
  bool eligible = true;            ///< healthy and its breaker is available
  std::uint32_t weight = 1;        ///< weighted_round_robin only; 0 never gets traffic
  std::uint32_t pending = 0;       ///< requests in flight on this host
  std::optional<duration> latency; ///< EWMA latency; empty while unknown
};

/// Chooses a host index among the hosts of one network; the caller owns the per-host
/// figures (health, breakers, pending counts, latency) and passes them on every call.
class load_balancer {
public:
  /// Creates a balancer of the given kind; `random` is used by least_pending only.
  load_balancer(config::balancing_kind kind, unit_random random);

  /// Returns the chosen index into `hosts`, skipping ineligible hosts and those listed in
  /// `excluded` (e.g. a host a retry or hedge already used); nothing when none is left.
  std::optional<std::size_t> choose(std::span<const host_view> hosts,
                                    std::span<const std::size_t> excluded = {});

  /// Returns the balancing kind.
  config::balancing_kind kind() const noexcept { return kind_; }

  /// Forgets the round-robin position and the smooth weights.
  void reset();

private:
  struct candidate_set;

  std::optional<std::size_t> choose_round_robin(const candidate_set& set);
  std::optional<std::size_t> choose_weighted(const candidate_set& set);
  std::optional<std::size_t> choose_least_pending(const candidate_set& set);
  static std::optional<std::size_t> choose_latency_aware(const candidate_set& set);

  config::balancing_kind kind_;
  unit_random random_;
  std::size_t next_ = 0;
  std::vector<std::int64_t> current_weights_;
};

/// Returns the latency_aware cost of a host: EWMA latency times (pending + 1).
double latency_score(duration latency, std::uint32_t pending);

} // namespace switchyard::core
