#pragma once

// Command-line value parsing shared by the simulators and load generators.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// How reading a simulator's command line ended: asked for help, or an error ("" = none).
struct options_outcome {
  bool help = false;
  std::string error;
};

/// Applies `args` to `settings`: "--help"/"-h" asks for help, "--verbose" sets
/// settings.verbose, and every other argument names one of `options` ({name, set(settings,
/// value) -> bool}) followed by its value.
template <class Settings, class Options>
options_outcome apply_options(const std::vector<std::string>& args, const Options& options,
                              Settings& settings) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h")
      return {true, {}};
    if (arg == "--verbose") {
      settings.verbose = true;
      continue;
    }
    const auto* opt = std::find_if(std::begin(options), std::end(options),
                                   [&](const auto& o) { return o.name == arg; });
    if (opt == std::end(options) || i + 1 >= args.size())
      return {false, "unknown or incomplete argument '" + std::string(arg) + "'"};
    if (!opt->set(settings, args[++i]))
      return {false, "invalid value for " + std::string(arg) + ": '" + args[i] + "'"};
  }
  return {};
}

} // namespace switchyard::tools
