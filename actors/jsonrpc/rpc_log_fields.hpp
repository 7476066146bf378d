#pragma once

// What a log line about a JSON-RPC call carries beside its text: the network it went to and
// the id the client gave it (JSON-RPC 2.0 §4), by which the client finds its call again.

#include "actors/io/log_format.hpp"
#include "actors/jsonrpc/rpc_exchange.hpp"

#include <string_view>

namespace switchyard {

/// Returns the client's id as a log value: a string id without its quotes, a number as is,
/// empty for a notification (none).
inline std::string_view rpc_log_id(std::string_view id) {
  if (id.size() >= 2 && id.front() == '"' && id.back() == '"')
    return id.substr(1, id.size() - 2);
  return id;
}

/// Returns fields naming only the client's id `id` (JSON text, a view that must outlive the
/// line): for a call refused before it was routed.
inline log_fields rpc_id_fields(std::string_view id) {
  log_fields f;
  f.rpc_id = rpc_log_id(id);
  return f;
}

/// Returns the fields of a line about the call `x` (views into `x`, which must outlive the
/// line), with `peer` when given.
inline log_fields rpc_log_fields(const rpc_exchange& x, std::string_view peer = {}) {
  log_fields f;
  f.network = x.network();
  f.rpc_id = rpc_log_id(x.call().id);
  f.peer = peer;
  return f;
}

} // namespace switchyard
