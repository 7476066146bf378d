#pragma once

// When a connector that drains may stop. Sessions may still hold a route snapshot naming its
// port for an instant after it was withdrawn, so a drain ends only after a quiet spell with
// nothing routed to it and nothing in flight (and, when asked, nothing owed), or at its
// deadlines: the in-flight bound, then some patience for owed reversal advices. Plain class:
// the connector passes the time and what its data path reports.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace switchyard {

/// What the connector sees of its network at one poll of a drain.
struct drain_view {
  bool routed = false;   ///< a session or a relay can still hand the port a request
  bool replaced = false; ///< the network was updated or removed (not a plain node stop)
  std::uint64_t in_flight = 0;
  std::uint64_t owed = 0;
  std::string journal; ///< where what is owed is kept; empty: in memory
};

/// One drain under way.
class connector_drain {
public:
  using clock = std::chrono::steady_clock;

  /// How long nothing may happen before a replaced connector's drain ends.
  static constexpr auto quiet_spell = std::chrono::milliseconds(150);
  /// How long owed advices get past the in-flight bound to be acknowledged.
  static constexpr auto owed_patience = std::chrono::seconds(30);

  /// A drain begun at `now` whose requests in flight get `in_flight_bound`; `wait_owed`: it
  /// also waits for owed advices (a network removed).
  connector_drain(clock::time_point now, clock::duration in_flight_bound, bool wait_owed);

  /// Makes the drain wait for owed advices too (a removal joined a drain under way).
  void wait_for_owed() noexcept { wait_owed_ = true; }

  /// Returns, when the drain ends at `now`, what it leaves behind (empty: nothing); nothing
  /// while it goes on.
  std::optional<std::string> step(clock::time_point now, const drain_view& view);

private:
  clock::time_point in_flight_deadline_;
  clock::time_point owed_deadline_;
  std::optional<clock::time_point> quiet_since_;
  bool wait_owed_;
};

} // namespace switchyard
