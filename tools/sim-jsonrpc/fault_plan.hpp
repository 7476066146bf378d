#pragma once

#include <cstdint>
#include <string_view>

namespace switchyard::rpc_sim {

/// What happens to one HTTP request or WebSocket message instead of a normal answer.
enum class fault : std::uint8_t {
  none,      ///< answered normally
  drop,      ///< the connection is closed instead of answering
  hang,      ///< never answered; the connection stays open
  http_429,  ///< HTTP 429 with Retry-After, no JSON-RPC body
  http_5xx,  ///< HTTP 503
  malformed, ///< 200 with a body that is not valid JSON
};

/// The number of `fault` values, for counters indexed by fault.
inline constexpr std::size_t fault_count = 6;

/// The way a request reached the simulator.
enum class transport : std::uint8_t {
  http,      ///< one HTTP POST
  websocket, ///< one WebSocket text frame
};

/// How often each fault is injected, as fractions of requests (or of calls for `error`).
struct fault_rates {
  double error = 0;     ///< calls answered -32000 "simulated failure"
  double http_429 = 0;  ///< HTTP requests answered 429
  double http_5xx = 0;  ///< HTTP requests answered 503
  double hang = 0;      ///< requests never answered
  double malformed = 0; ///< requests answered with a body that is not JSON
  double drop = 0;      ///< requests answered by closing the connection

  /// Returns the sum of the rates of the faults that replace a whole answer.
  double transport_total() const { return http_429 + http_5xx + hang + malformed + drop; }
};

/// Picks the fault for one request from `draw` in [0, 1): each fault owns a slice of the unit
/// interval as wide as its rate, so every fault happens at exactly its rate whatever the others
/// are; the HTTP status faults do not apply to WebSocket messages (their slices answer normally).
fault pick_fault(const fault_rates& rates, double draw, transport via);

/// Returns true when a call is answered "simulated failure" for `draw` in [0, 1).
inline bool is_simulated_error(const fault_rates& rates, double draw) {
  return draw < rates.error;
}

/// Returns the fault's name as the statistics line shows it.
std::string_view to_string(fault f);

} // namespace switchyard::rpc_sim
