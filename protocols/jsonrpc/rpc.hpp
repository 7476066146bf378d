#pragma once

// The JSON-RPC 2.0 codec: request bodies (single calls, batches, notifications) read into
// calls whose id and params stay spans of the body, answers written around those spans, and
// providers' answers read the same way. Pure functions over bytes: no I/O, no exceptions.

#include "protocols/jsonrpc/error_object.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::jsonrpc {

/// What a request body may hold at most.
struct limits {
  std::size_t max_body_bytes = std::size_t{1} << 20; ///< larger bodies: -32600 (HTTP 413)
  std::size_t max_depth = 64;                        ///< nesting of arrays and objects
  std::size_t max_batch = 1000;                      ///< calls in one batch
};

/// One call of a request body. The views point into the body, which must outlive it.
struct call {
  std::string method;
  std::string_view params;           ///< JSON text; empty when absent
  std::string_view id;               ///< JSON text (number, string or null); empty: notification
  std::optional<error_object> error; ///< set when the entry is no valid request (answered so)

  /// Returns whether no answer is owed (a valid notification).
  bool is_notification() const noexcept { return id.empty() && !error; }
};

/// A request body as read.
struct request_body {
  bool batch = false;                ///< the body was an array of calls
  std::vector<call> calls;           ///< in body order
  std::optional<error_object> error; ///< set when the body as a whole is refused (then no calls)
};

/// Reads a request body (JSON-RPC 2.0 §4, §6): invalid JSON is a parse error, an empty
/// batch or a body over a limit an invalid request; an entry that is no request object is
/// answered in place; ids are kept exactly as sent.
request_body parse_request_body(std::string_view body, const limits& limits);

/// A provider's answer to one call. The views point into the answer.
struct response {
  std::string_view id;     ///< JSON text
  std::string_view result; ///< JSON text, when it succeeded
  std::string_view error;  ///< JSON text of its error object, when it failed
};

/// Reads a provider's answer (JSON-RPC 2.0 §5); nothing, with `problem` set, when it is not a
/// valid response object.
std::optional<response> parse_response(std::string_view text, std::size_t max_depth,
                                       std::string& problem);

/// Appends `{"jsonrpc":"2.0","id":ID,"result":RESULT}` (ID and RESULT as JSON text).
void append_result(std::string& out, std::string_view id, std::string_view result);

/// Appends `{"jsonrpc":"2.0","id":ID,"error":ERROR}` with ERROR given as JSON text.
void append_error_text(std::string& out, std::string_view id, std::string_view error);

/// Appends `{"jsonrpc":"2.0","id":ID,"error":{...}}` (a missing id is written as null).
void append_error(std::string& out, std::string_view id, const error_object& error);

/// Appends a request `{"jsonrpc":"2.0","id":ID,"method":METHOD,"params":PARAMS}` (the id
/// left out when empty, a notification; params left out when empty).
void append_request(std::string& out, std::string_view id, std::string_view method,
                    std::string_view params);

} // namespace switchyard::jsonrpc
