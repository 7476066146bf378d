#pragma once

#include "tools/sim-jsonrpc/provider.hpp"

#include <cstdint>
#include <string_view>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard::rpc_sim {

/// What every connection of one simulator shares; only the statistics change after start.
struct server_context {
  const provider_settings& settings;        ///< the command line
  const provider& answers;                  ///< the request handling, free of sockets
  boost::asio::ssl::context* tls = nullptr; ///< set when connections are TLS-secured
  std::uint64_t seed = 0;                   ///< base seed; each connection adds its number
};

/// Writes "sim-jsonrpc[NAME] #ID: TEXT" (no "#ID" for 0) to standard error in one piece.
void log_event(const server_context& ctx, std::uint64_t id, std::string_view text);

} // namespace switchyard::rpc_sim
