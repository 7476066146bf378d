#include "config/patterns.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace switchyard::config {

namespace {

bool is_digits(std::string_view text) {
  return !text.empty()
         && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_wildcard_address(std::string_view x) {
  return x.empty() || x == "0.0.0.0" || x == "::" || x == "[::]";
}

} // namespace

std::optional<bin_range> parse_bin_range(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    return std::nullopt;
  }
  auto low = text.substr(0, dash);
  auto high = text.substr(dash + 1);
  // Equal lengths make the lexicographic order the numeric order.
  if (!is_digits(low) || !is_digits(high) || low.size() != high.size() || low.size() > 19
      || low > high) {
    return std::nullopt;
  }
  return bin_range{std::string{low}, std::string{high}};
}

bool is_mti_pattern(std::string_view text) {
  return text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || c == '?';
         });
}

bool is_method_pattern(std::string_view text) {
  auto star = text.find('*');
  return !text.empty() && (star == std::string_view::npos || star == text.size() - 1);
}

std::optional<seed_node> parse_seed(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    auto close = text.find("]:");
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || !is_digits(port) || ec != std::errc{} || end != port.data() + port.size()
      || value < 1 || value > 65535) {
    return std::nullopt;
  }
  return seed_node{std::string{host}, static_cast<std::uint16_t>(value)};
}

bool is_builtin_dialect(std::string_view name) {
  // Keep in step with the dialect tables of protocols/iso8583.
  static constexpr std::array names{"iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool addresses_overlap(std::string_view x, std::string_view y) {
  return x == y || is_wildcard_address(x) || is_wildcard_address(y);
}

} // namespace switchyard::config
