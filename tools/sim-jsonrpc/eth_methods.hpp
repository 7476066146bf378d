#pragma once

#include "tools/sim-jsonrpc/chain.hpp"
#include "tools/sim-jsonrpc/subscriptions.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

/// The error codes of JSON-RPC 2.0 §5.1, and the one the simulator uses for its failures.
enum rpc_code : int {
  parse_error = -32700,      ///< the body is not JSON
  invalid_request = -32600,  ///< the JSON is not a request object
  method_not_found = -32601, ///< no such method (or not over this transport)
  invalid_params = -32602,   ///< the method's parameters are wrong
  server_error = -32000,     ///< simulated failures and per-connection limits
};

/// The methods the simulator answers (each named as it is called), plus `unknown` for every
/// other name.
enum class method_id : std::uint8_t {
  eth_chainId,
  net_version,
  web3_clientVersion,
  eth_blockNumber,
  eth_getBalance,
  eth_call,
  eth_getLogs,
  eth_sendRawTransaction,
  eth_getBlockByNumber,
  eth_subscribe,
  eth_unsubscribe,
  unknown,
};

/// The number of `method_id` values, for counters indexed by method.
inline constexpr std::size_t method_count = 12;

/// Returns the method called `name`, or `unknown`.
method_id find_method(std::string_view name);

/// Returns the method's name ("other" for `unknown`).
std::string_view to_string(method_id m);

/// What a call may look at and change: the chain, its head now, and the connection.
struct method_env {
  const chain& blocks;             ///< the simulated chain
  std::uint64_t head = 0;          ///< the head block when the call arrived
  std::string_view client_version; ///< web3_clientVersion's answer
  subscriptions* subs = nullptr;   ///< the connection's subscriptions; null over HTTP
  std::mt19937_64* rng = nullptr;  ///< the connection's randomness (subscription ids)
};

/// A call's outcome: a result, or an error code and message.
struct method_result {
  boost::json::value result; ///< the result when `code` is 0
  int code = 0;              ///< a JSON-RPC error code, or 0 on success
  std::string message;       ///< the error message when `code` is not 0
};

/// Runs method `m` with `params` (null when the request had none).
method_result call_method(method_id m, const boost::json::value& params, const method_env& env);

} // namespace switchyard::rpc_sim
