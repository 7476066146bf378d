#pragma once

// JSON-RPC 2.0 error objects (§5.1): the codes the specification reserves, and the
// -32000..-32099 range the gateway answers with itself.

#include <string>
#include <string_view>

namespace switchyard::jsonrpc {

/// JSON-RPC 2.0 §5.1 error codes, and the gateway's own (server-defined) ones.
namespace error_code {
inline constexpr int parse_error = -32700;      ///< invalid JSON
inline constexpr int invalid_request = -32600;  ///< not a valid request object
inline constexpr int method_not_found = -32601; ///< no such method (no route)
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int upstream_unavailable = -32000; ///< no provider can take the call
inline constexpr int upstream_timeout = -32001;     ///< no answer in time
inline constexpr int limit_exceeded = -32002;       ///< a limit of the gateway (size, batch)
inline constexpr int upstream_error = -32003;       ///< the provider's answer was unusable
inline constexpr int duplicate_request = -32004;    ///< the same id is in flight already
} // namespace error_code

/// An error object: code, message and optional `data` (JSON text).
struct error_object {
  int code = error_code::internal_error;
  std::string message;
  std::string data; ///< JSON text (e.g. {"network":"eth"}), empty when there is none
};

/// Returns the error object for an invalid JSON body; `detail` names where and why.
error_object parse_error(std::string_view detail);

/// Returns an invalid-request error object saying why.
error_object invalid_request(std::string_view why);

/// Appends the JSON text of `e` to `out`.
void append_error_object(std::string& out, const error_object& e);

} // namespace switchyard::jsonrpc
