#pragma once

// The request counters of one network over the node's life, whatever its protocol: owned by
// the node, so they outlive the connector incarnations that count into them. Plain atomics;
// no actors, no Asio.

#include "core/routing_table.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace switchyard {

/// A network's request counters at one moment.
struct network_counts {
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t timeouts = 0;          ///< answered with the timeout outcome
  std::uint64_t unavailable = 0;       ///< answered with the unavailable outcome
  std::uint64_t rejected = 0;          ///< refused for their own sake
  std::uint64_t late = 0;              ///< responses after their deadline, dropped
  std::uint64_t upstream_errors = 0;   ///< unusable answers (JSON-RPC)
  std::uint64_t remapped = 0;          ///< sent with a switch-assigned key (ISO 8583 STAN)
  std::uint64_t duplicates = 0;        ///< refused: the same request in flight
  std::uint64_t refused_financial = 0; ///< refused: their reversals could not be kept safely
  std::uint64_t undelivered = 0;       ///< approvals the client never received (reversed)
};

/// One network's counters, added to from any thread.
struct network_tally {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> responses{0};
  std::atomic<std::uint64_t> timeouts{0};
  std::atomic<std::uint64_t> unavailable{0};
  std::atomic<std::uint64_t> rejected{0};
  std::atomic<std::uint64_t> late{0};
  std::atomic<std::uint64_t> upstream_errors{0};
  std::atomic<std::uint64_t> remapped{0};
  std::atomic<std::uint64_t> duplicates{0};
  std::atomic<std::uint64_t> refused_financial{0};
  std::atomic<std::uint64_t> undelivered{0};

  /// Adds what `now` counted beyond `published` (a data path's own counts as last added
  /// here) and makes `published` equal to `now`.
  void advance(network_counts& published, const network_counts& now);

  /// Counts `n` requests answered unavailable that no data path counted: the gateway
  /// answered them before they reached one, or after it stopped.
  void count_unavailable(std::uint64_t n = 1);

  /// Returns the counters.
  network_counts totals() const;
};

/// Every network's tally by name; a network keeps its tally across connector restarts.
class network_tallies {
public:
  /// Returns the tally of `network`, made on first use.
  std::shared_ptr<network_tally> of(const std::string& network);

private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<network_tally>> tallies_;
};

/// Counts a request answered unavailable at routing (its network and fallbacks down, or the
/// network without a running connector) against the network it was routed or matched to.
void count_unavailable(const std::vector<std::shared_ptr<network_tally>>& tallies,
                       const core::route_decision& decision);

} // namespace switchyard
