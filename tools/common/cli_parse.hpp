#pragma once

// Command-line values shared by the simulators and load generators (the options themselves:
// command_line.hpp).

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace switchyard::tools {

/// Parses all of `text` as a number of type T; nothing on any leftover or overflow.
template <class T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty())
    return std::nullopt;
  return value;
}

/// Parses "HOST:PORT" or "[V6]:PORT"; port 0 only when `allow_zero_port`.
inline std::optional<std::pair<std::string, std::uint16_t>> parse_endpoint(std::string_view text,
                                                                           bool allow_zero_port) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return std::nullopt;
  auto host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const auto port = parse_number<std::uint16_t>(text.substr(colon + 1));
  if (!port || (*port == 0 && !allow_zero_port))
    return std::nullopt;
  return std::make_pair(std::string(host), *port);
}

} // namespace switchyard::tools
