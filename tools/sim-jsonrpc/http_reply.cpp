#include "tools/sim-jsonrpc/http_reply.hpp"

#include <algorithm>
#include <cctype>

namespace switchyard::rpc_sim {

namespace {

std::string_view reason(unsigned status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

} // namespace

std::string render_http(unsigned status, std::string_view content_type, std::string_view body,
                        bool keep_alive, std::string_view extra_headers) {
  std::string out;
  out.reserve(160 + extra_headers.size() + body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason(status);
  out += "\r\nServer: sim-jsonrpc\r\n";
  if (status != 204) {
    if (!content_type.empty())
      out.append("Content-Type: ").append(content_type).append("\r\n");
    out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  out += extra_headers;
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (status != 204)
    out += body;
  return out;
}

bool is_json_content_type(std::string_view content_type) {
  const auto media = trim(content_type.substr(0, content_type.find(';')));
  constexpr std::string_view json = "application/json";
  return std::equal(media.begin(), media.end(), json.begin(), json.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

} // namespace switchyard::rpc_sim
