#pragma once

#include "tools/sim-jsonrpc/eth_methods.hpp"
#include "tools/sim-jsonrpc/fault_plan.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace switchyard::rpc_sim {

/// Counters shared by every connection of one simulator; safe to update from any thread.
struct provider_stats {
  /// One counter, updated with relaxed atomics.
  using counter = std::atomic<std::uint64_t>;

  counter connections{0};   ///< TCP connections accepted
  counter http_requests{0}; ///< HTTP requests read
  counter websockets{0};    ///< connections upgraded to WebSocket
  counter ws_messages{0};   ///< WebSocket messages read
  counter rejected{0};      ///< HTTP requests answered 4xx before any JSON-RPC (405, 413, 415…)
  counter calls{0};         ///< JSON-RPC requests and notifications, batch members included
  counter invalid{0};       ///< answered -32700 or -32600
  counter errors{0};        ///< answered -32000 "simulated failure" (--error-rate)
  counter notifications{0}; ///< calls without an id, never answered
  counter heads_pushed{0};  ///< eth_subscription messages sent
  std::array<counter, method_count> by_method{}; ///< calls by method
  std::array<counter, fault_count> by_fault{};   ///< requests by fault (`none` included)

  /// Counts one call of `m`.
  void count(method_id m) noexcept;

  /// Counts one request that met `f`.
  void count(fault f) noexcept;
};

/// Renders `s` as one line: "connections=N http_requests=N ... methods: eth_chainId=N ...
/// faults: none=N drop=N ...".
std::string to_string(const provider_stats& s);

} // namespace switchyard::rpc_sim
