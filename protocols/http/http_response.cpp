#include "protocols/http/http_response.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <ctime>

namespace switchyard::http {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// The Date header's value (RFC 9110 §5.6.7), formatted once per second per thread.
std::string_view http_date() {
  thread_local std::time_t cached_second = -1;
  thread_local std::array<char, 40> cached{};
  thread_local std::size_t cached_size = 0;
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != cached_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    cached_size = std::strftime(cached.data(), cached.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
    cached_second = now;
  }
  return {cached.data(), cached_size};
}

void append_number(std::string& out, std::size_t n) {
  std::array<char, 24> digits{};
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), n);
  out.append(digits.data(), end);
}

} // namespace

std::string_view reason_phrase(unsigned status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

void append_response(std::string& out, const response_head& head, std::string_view body) {
  out.reserve(out.size() + 192 + head.extra_headers.size() + body.size());
  out += "HTTP/1.1 ";
  append_number(out, head.status);
  out += ' ';
  out += reason_phrase(head.status);
  out += "\r\nDate: ";
  out += http_date();
  out += "\r\n";
  if (!head.server.empty())
    out.append("Server: ").append(head.server).append("\r\n");
  bool has_body = head.status != 204;
  if (has_body) {
    if (!head.content_type.empty())
      out.append("Content-Type: ").append(head.content_type).append("\r\n");
    out += "Content-Length: ";
    append_number(out, body.size());
    out += "\r\n";
  }
  out += head.extra_headers;
  out += head.keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (has_body)
    out += body;
}

bool is_json_content_type(std::string_view content_type) {
  const auto media = trim(content_type.substr(0, content_type.find(';')));
  constexpr std::string_view json = "application/json";
  return std::equal(media.begin(), media.end(), json.begin(), json.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

} // namespace switchyard::http
