#pragma once

// What a JSON-RPC request's path names, for HTTP requests and WebSocket upgrades alike:
// "/" nothing (each call is routed by its method), "/NAME" the JSON-RPC network NAME (every
// call goes there). The query string is ignored.

#include "core/routing_table.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard {

/// The network a path names.
struct rpc_path {
  bool found = true;                ///< false: the path names no JSON-RPC network (404)
  std::string_view network;         ///< the network named (part of the path); empty: none
  std::optional<std::size_t> index; ///< its index in the table the path was read against
};

/// Reads `target` (an HTTP request target) against `table`.
rpc_path read_rpc_path(std::string_view target, const core::routing_table& table);

/// Returns the body of the 404 answer to `target`, which names no JSON-RPC network.
std::string no_such_network_body(std::string_view target);

} // namespace switchyard
