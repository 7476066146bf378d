#pragma once

// HTTP/1.1 responses rendered as bytes. The JSON-RPC front and the simulated providers
// write several pipelined answers in one go, so they render them into one buffer rather
// than serialising a framework's message objects one by one. No I/O.

#include <string>
#include <string_view>

namespace switchyard::http {

/// Returns the reason phrase of `status` ("OK", "Payload Too Large", ...).
std::string_view reason_phrase(unsigned status);

/// How to render one response.
struct response_head {
  unsigned status = 200;
  std::string_view content_type = "application/json";
  bool keep_alive = true;
  std::string_view server;        ///< the Server header's value; empty: none
  std::string_view extra_headers; ///< whole "Name: value\r\n" lines
};

/// Appends a complete HTTP/1.1 response with `body` to `out`: status line, Date,
/// Content-Type and Content-Length (none for 204, which has no body, RFC 9110 §8.6,
/// §15.3.5), Connection, the extra headers, and the body.
void append_response(std::string& out, const response_head& head, std::string_view body);

/// Returns true when a Content-Type names application/json (any case, parameters allowed).
bool is_json_content_type(std::string_view content_type);

} // namespace switchyard::http
