#pragma once

#include "tools/sim-jsonrpc/chain.hpp"
#include "tools/sim-jsonrpc/provider_settings.hpp"
#include "tools/sim-jsonrpc/provider_stats.hpp"
#include "tools/sim-jsonrpc/rpc_handler.hpp"

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

/// How a connection carries out one answer.
enum class reply_action : std::uint8_t {
  send,           ///< write `bytes` (nothing when empty) and go on
  send_and_close, ///< write `bytes`, then close the connection
  close,          ///< close the connection without answering (--drop-rate)
  hang,           ///< never answer, keep the connection (--hang-rate)
};

/// One answer decided but not yet written: what to do, the bytes, and when.
struct planned_reply {
  reply_action action = reply_action::send; ///< what the connection does
  std::string bytes;                        ///< a whole HTTP response, or a WebSocket text
  std::chrono::microseconds delay{0};       ///< how long to wait first (--latency-ms)
};

/// The parts of an HTTP request the simulator looks at.
struct http_request_view {
  std::string_view method;       ///< "POST" is the only one answered
  std::string_view content_type; ///< must be application/json
  std::string_view body;         ///< the JSON-RPC request or batch
  bool keep_alive = true;        ///< false: close after the answer
};

/// The simulated provider, free of sockets: turns each HTTP request or WebSocket message into
/// a planned reply, with faults and latency drawn from the connection's randomness.
class provider {
public:
  /// Answers as `settings` say from `blocks`, counting into `stats`.
  provider(const provider_settings& settings, const chain& blocks, provider_stats& stats);

  /// Plans the answer to one HTTP request arriving at `now`.
  planned_reply answer_http(const http_request_view& request, std::mt19937_64& rng,
                            chain::clock::time_point now) const;

  /// Plans the answer to an HTTP request that could not be read whole (413 too large, 400
  /// otherwise); the connection closes after it since the rest of the input is unknown.
  planned_reply reject_http(unsigned status, std::string_view why) const;

  /// Plans the answer to one WebSocket message arriving at `now` on a connection holding `subs`.
  planned_reply answer_ws(std::string_view text, subscriptions& subs, std::mt19937_64& rng,
                          chain::clock::time_point now) const;

  /// Renders the eth_subscription notification of `block` for subscription `id`.
  std::string new_head(std::string_view id, std::uint64_t block) const;

  /// Returns the simulated chain.
  const chain& blocks() const { return blocks_; }

  /// Returns the shared counters.
  provider_stats& stats() const { return stats_; }

private:
  const provider_settings& settings_;
  const chain& blocks_;
  provider_stats& stats_;
  rpc_handler handler_;
};

} // namespace switchyard::rpc_sim
