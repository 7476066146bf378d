#pragma once

#include "tools/sim-jsonrpc/eth_methods.hpp"
#include "tools/sim-jsonrpc/fault_plan.hpp"
#include "tools/sim-jsonrpc/provider_stats.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

/// What one connection brings to the calls of one request.
struct call_scope {
  std::uint64_t head = 0;         ///< the head block when the request arrived
  subscriptions* subs = nullptr;  ///< the connection's subscriptions; null over HTTP
  std::mt19937_64* rng = nullptr; ///< the connection's randomness
};

/// Answers JSON-RPC 2.0 request bodies: single requests and batches, with notifications,
/// ids echoed, every error of §5.1, and --error-rate's simulated failures.
class rpc_handler {
public:
  /// Answers from `blocks`, failing calls at `rates.error`, counting into `stats`.
  rpc_handler(const chain& blocks, const fault_rates& rates, std::string client_version,
              provider_stats& stats);

  /// Returns the response body for `body` (a request or a batch); empty when nothing is to
  /// be answered (only notifications, JSON-RPC 2.0 §6).
  std::string answer(std::string_view body, const call_scope& scope) const;

private:
  void answer_one(const boost::json::value& request, const call_scope& scope,
                  std::string& out) const;

  const chain& blocks_;
  fault_rates rates_;
  std::string client_version_;
  provider_stats& stats_;
};

} // namespace switchyard::rpc_sim
