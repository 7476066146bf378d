#include "config/patterns.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>

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

std::string bin_range_problem(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    return R"(a BIN range "LOW-HIGH" (no '-' in ")" + std::string{text} + "\")";
  }
  auto low = text.substr(0, dash);
  auto high = text.substr(dash + 1);
  for (auto [name, bound] : {std::pair{"LOW", low}, std::pair{"HIGH", high}}) {
    if (bound.empty()) {
      return std::string{R"(a BIN range "LOW-HIGH" with both bounds set ()"} + name + " is empty)";
    }
    auto bad = std::find_if(bound.begin(), bound.end(), [](char c) { return c < '0' || c > '9'; });
    if (bad != bound.end()) {
      return std::string{"a BIN range of digits only ('"} + *bad + "' in " + name + " \""
             + std::string{bound} + "\")";
    }
    // Longer than any card number (ISO/IEC 7812: at most 19 digits) could never match.
    if (bound.size() > 19) {
      return std::string{"a BIN range with bounds of 1..19 digits ("} + name + " \""
             + std::string{bound} + "\" has " + std::to_string(bound.size()) + ")";
    }
  }
  // Equal lengths make the lexicographic order the numeric order.
  if (low.size() != high.size()) {
    return "a BIN range with LOW and HIGH equally long (\"" + std::string{low} + "\" has "
           + std::to_string(low.size()) + " digits, \"" + std::string{high} + "\" has "
           + std::to_string(high.size()) + ")";
  }
  if (low > high) {
    return "a BIN range with LOW <= HIGH (reversed: \"" + std::string{low} + "\" is above \""
           + std::string{high} + "\")";
  }
  return {};
}

std::optional<bin_range> parse_bin_range(std::string_view text) {
  if (!bin_range_problem(text).empty()) {
    return std::nullopt;
  }
  auto dash = text.find('-');
  return bin_range{std::string{text.substr(0, dash)}, std::string{text.substr(dash + 1)}};
}

bool bin_ranges_overlap(const bin_range& x, const bin_range& y) {
  // A prefix range covers the same card numbers as its bounds padded to a common length,
  // LOW with zeros and HIGH with nines ("4-4" is "400000-499999" at six digits).
  auto width = std::max(x.low.size(), y.low.size());
  auto pad = [width](const std::string& bound, char fill) {
    return bound + std::string(width - bound.size(), fill);
  };
  return pad(x.low, '0') <= pad(y.high, '9') && pad(y.low, '0') <= pad(x.high, '9');
}

bool mti_patterns_overlap(std::string_view x, std::string_view y) {
  if (x.size() != y.size()) {
    return false;
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] != y[i] && x[i] != '?' && y[i] != '?') {
      return false;
    }
  }
  return true;
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
