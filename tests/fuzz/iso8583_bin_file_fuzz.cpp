// Reads arbitrary bytes as a BIN table file, both as a node's table and as one network's, from
// memory and from a stream. Both readings must agree; errors must point inside the text; each
// range loaded must be what its line wrote; and when the table loads (no error, no overlap), a
// lookup must find exactly the range a linear scan of the loaded ranges finds.
#include "core/bin_file.hpp"
#include "core/bin_table.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace switchyard;
using core::bin_table;

namespace {

void check(bool condition) {
  if (!condition)
    std::abort();
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos)
      break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string_view trimmed(std::string_view s) {
  auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\r';
  };
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

std::string_view column(std::string_view line, std::size_t index) {
  for (; index > 0; --index) {
    auto comma = line.find(',');
    if (comma == std::string_view::npos)
      return {};
    line.remove_prefix(comma + 1);
  }
  return trimmed(line.substr(0, line.find(',')));
}

// Each error names the file and a position inside the text (line 0: the whole file).
void check_errors(const std::vector<config::config_error>& errors,
                  const std::vector<std::string_view>& lines, const std::string& file) {
  check(errors.size() <= core::max_errors_per_bin_file + 1);
  for (const auto& e : errors) {
    check(e.file == file && !e.expected.empty());
    if (e.line == 0)
      continue;
    check(e.line >= 1 && static_cast<std::size_t>(e.line) <= lines.size());
    check(e.column >= 1
          && static_cast<std::size_t>(e.column)
               <= lines[static_cast<std::size_t>(e.line) - 1].size() + 1);
  }
}

// The bounds of every range as written, read once per table: lookups compare card numbers with
// them as text, independently of the padded numbers the table searches.
struct written_range {
  std::string low;
  std::string high;
};

std::vector<written_range> written_ranges(const bin_table& table) {
  std::vector<written_range> ranges;
  for (std::size_t i = 0; i < table.size(); ++i)
    ranges.push_back({table.low_text(i), table.high_text(i)});
  return ranges;
}

// A range holds a card number whose first digits (as many as its bounds have) lie between them.
bool holds(const written_range& r, std::string_view pan) {
  if (pan.size() < r.low.size())
    return false;
  auto prefix = pan.substr(0, r.low.size());
  return r.low <= prefix && prefix <= r.high;
}

void check_lookup(const bin_table& table, const std::vector<written_range>& ranges,
                  const std::string& pan) {
  std::optional<std::size_t> scanned;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (holds(ranges[i], pan)) {
      check(!scanned); // a loaded table has no overlaps
      scanned = i;
    }
  }
  check(table.find(core::make_pan_key(pan)) == scanned);
}

// `digits` with one added (carry allowed; all nines stays all nines) or subtracted.
std::string step(std::string digits, int by) {
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    char wrap = by > 0 ? '9' : '0';
    if (*it != wrap) {
      *it = static_cast<char>(*it + by);
      return digits;
    }
    *it = by > 0 ? '0' : '9';
  }
  return std::string(digits.size(), by > 0 ? '9' : '0');
}

void check_lookups(const bin_table& table) {
  const auto ranges = written_ranges(table);
  static const std::array<std::string, 8> fixed{
    "4111111111111111", "5500000000000004", "0000000000000000000", "9999999999999999999", "4", "",
    "400000",           "3782822463100050"};
  for (const auto& pan : fixed)
    check_lookup(table, ranges, pan);
  // Each bound, its neighbours, and card numbers longer than the bounds: the edges of ranges.
  for (std::size_t i = 0; i < ranges.size() && i < 16; ++i) {
    for (const auto& bound : {ranges[i].low, ranges[i].high}) {
      for (const auto& pan : {bound, step(bound, 1), step(bound, -1)}) {
        check_lookup(table, ranges, pan);
        check_lookup(table, ranges, pan + "0000000000000000000");
        check_lookup(table, ranges, pan + "9999999999999999999");
        if (pan.size() > 1)
          check_lookup(table, ranges, pan.substr(0, pan.size() - 1));
      }
    }
  }
}

void read(std::string_view text, const core::bin_file_scope& scope) {
  const auto lines = lines_of(text);
  core::bin_table_builder builder;
  std::vector<config::config_error> errors;
  core::parse_bin_file(text, scope, builder, errors);
  check_errors(errors, lines, scope.file);

  // The stream reader, which the node uses, reads the same ranges and finds the same errors.
  core::bin_table_builder streamed;
  std::vector<config::config_error> stream_errors;
  std::istringstream in{std::string{text}};
  check(core::read_bin_file(in, scope, streamed, stream_errors));
  check(stream_errors == errors && streamed.size() == builder.size());

  std::vector<core::bin_overlap> overlaps;
  const bin_table table = builder.build(overlaps);
  check(table.size() <= lines.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto& r = table.at(i);
    check(r.line >= 1 && r.line <= lines.size());
    const auto line = lines[r.line - 1];
    check(column(line, 0) == table.low_text(i) && column(line, 1) == table.high_text(i));
    check(r.network < table.networks());
    const auto& network = table.network_name(r.network);
    check(scope.network.empty()
            ? column(line, 2) == network
            : network == scope.network && (column(line, 2).empty() || column(line, 2) == network));
    const auto attributes = table.attributes(i);
    check(attributes.brand == column(line, 3) && attributes.product == column(line, 4)
          && attributes.country == column(line, 5));
  }
  for (const auto& o : overlaps)
    check(o.earlier < table.size() && o.later < table.size() && o.earlier != o.later);
  if (errors.empty() && overlaps.empty())
    check_lookups(table);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  static const core::bin_file_scope node{"node_bins.csv", {}, {"visa", "mc", "amex"}};
  static const core::bin_file_scope network{"visa_bins.csv", "visa", {}};
  read(text, node);
  read(text, network);
  return 0;
}
