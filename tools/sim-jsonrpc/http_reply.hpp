#pragma once

// HTTP/1.1 responses as bytes: the simulator writes several pipelined answers in one go, so
// it renders them itself instead of serialising Beast messages one by one.

#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

/// Renders a complete HTTP/1.1 response; `extra_headers` are whole "Name: value\r\n" lines.
/// A 204 carries neither body nor Content-Length (RFC 9110 §8.6).
std::string render_http(unsigned status, std::string_view content_type, std::string_view body,
                        bool keep_alive, std::string_view extra_headers = {});

/// Returns true when a Content-Type names application/json (any case, parameters allowed).
bool is_json_content_type(std::string_view content_type);

} // namespace switchyard::rpc_sim
