#include "core/bin_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <istream>
#include <optional>

namespace switchyard::core {

namespace {

constexpr std::size_t max_fields = 6;

constexpr std::array<const char*, max_fields> column_names{"low",   "high",    "network",
                                                           "brand", "product", "country"};

struct field {
  std::string_view text;
  int column = 0; ///< 1-based, where the trimmed text starts
};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s, int& column) {
  while (!s.empty() && is_blank(s.front())) {
    s.remove_prefix(1);
    ++column;
  }
  while (!s.empty() && is_blank(s.back()))
    s.remove_suffix(1);
  return s;
}

// Splits `line` at commas; false when it has more than max_fields fields.
bool split(std::string_view line, std::array<field, max_fields>& out, std::size_t& count) {
  count = 0;
  int column = 1;
  while (true) {
    auto comma = line.find(',');
    if (count == max_fields)
      return false;
    auto part = line.substr(0, comma);
    int start = column;
    out[count++] = {trim(part, start), start};
    if (comma == std::string_view::npos)
      return true;
    column += static_cast<int>(comma) + 1;
    line.remove_prefix(comma + 1);
  }
}

bool is_header(const field& first) {
  auto text = first.text;
  return text.size() == 3 && std::tolower(static_cast<unsigned char>(text[0])) == 'l'
         && std::tolower(static_cast<unsigned char>(text[1])) == 'o'
         && std::tolower(static_cast<unsigned char>(text[2])) == 'w';
}

std::string range_expectation(bin_range_problem problem, std::string_view low) {
  switch (problem) {
    case bin_range_problem::not_digits:
      return "digits only (a card-number prefix such as 400000)";
    case bin_range_problem::too_long:
      return "at most 19 digits (the longest card number)";
    case bin_range_problem::unequal_lengths:
      return "as many digits as the low bound " + std::string{low} + " (unequal lengths)";
    case bin_range_problem::reversed:
      return "a high bound not below the low bound " + std::string{low} + " (reversed range)";
    case bin_range_problem::none:
      break;
  }
  return {};
}

class file_reader {
public:
  file_reader(const bin_file_scope& scope, bin_table_builder& builder,
              std::vector<config::config_error>& errors)
      : scope_(scope),
        builder_(builder),
        errors_(errors),
        source_(builder.add_source(scope.file)) {}

  void read_line(std::string_view line, std::uint32_t number) {
    int column = 1;
    auto content = trim(line, column);
    if (content.empty() || content.front() == '#')
      return;
    std::array<field, max_fields> fields;
    std::size_t count = 0;
    if (!split(line, fields, count)) {
      return fail(number, 1, "", "low,high,network[,brand,product,country]: 6 fields at most");
    }
    if (!seen_data_ && is_header(fields[0])) {
      seen_data_ = true;
      return;
    }
    seen_data_ = true;
    std::size_t least = scope_.network.empty() ? 3 : 2;
    if (count < least)
      return fail(number, 1, "",
                  least == 3 ? "low,high,network[,brand,product,country]"
                             : "low,high[,network,brand,product,country]");
    if (auto problem = check_bin_range(fields[0].text, fields[1].text);
        problem != bin_range_problem::none)
      return fail_range(problem, fields, number);
    auto network = read_network(count > 2 ? fields[2] : field{{}, 1}, number);
    if (!network)
      return;
    auto attribute = [&](std::size_t i) {
      return i < count ? fields[i].text : std::string_view{};
    };
    builder_.add(fields[0].text, fields[1].text, *network, source_, number,
                 {attribute(3), attribute(4), attribute(5)});
  }

  void finish() {
    if (suppressed_ > 0)
      errors_.push_back({scope_.file, 0, 0, "",
                         "at most " + std::to_string(max_errors_per_bin_file)
                           + " problems per BIN file (" + std::to_string(suppressed_)
                           + " more not shown)"});
  }

private:
  std::optional<std::uint16_t> read_network(const field& f, std::uint32_t number) {
    const auto& own = scope_.network;
    if (!own.empty()) {
      if (!f.text.empty() && f.text != own) {
        fail(number, f.column, column_names[2],
             "an empty network or \"" + own + "\" (this file is " + own + "'s BIN table)");
        return std::nullopt;
      }
      return builder_.add_network(own);
    }
    const auto& known = scope_.known_networks;
    if (std::find(known.begin(), known.end(), f.text) == known.end()) {
      std::string names;
      for (const auto& name : known)
        names += (names.empty() ? "" : ", ") + name;
      fail(number, f.column, column_names[2],
           "the name of an ISO 8583 network of this node ("
             + (names.empty() ? std::string{"there is none"} : names) + ")");
      return std::nullopt;
    }
    return builder_.add_network(std::string{f.text});
  }

  // A bad low bound is named at the low column, anything else at the high one.
  void fail_range(bin_range_problem problem, const std::array<field, max_fields>& fields,
                  std::uint32_t number) {
    bool low_bad = check_bin_range(fields[0].text, fields[0].text) != bin_range_problem::none;
    const auto& at = low_bad ? fields[0] : fields[1];
    fail(number, at.column, low_bad ? column_names[0] : column_names[1],
         range_expectation(problem, fields[0].text));
  }

  void fail(std::uint32_t line, int column, std::string key, std::string expected) {
    if (reported_ == max_errors_per_bin_file) {
      ++suppressed_;
      return;
    }
    ++reported_;
    errors_.push_back(
      {scope_.file, static_cast<int>(line), column, std::move(key), std::move(expected)});
  }

  const bin_file_scope& scope_;
  bin_table_builder& builder_;
  std::vector<config::config_error>& errors_;
  std::uint16_t source_ = 0;
  bool seen_data_ = false;
  std::size_t reported_ = 0;
  std::size_t suppressed_ = 0;
};

} // namespace

void parse_bin_file(std::string_view text, const bin_file_scope& scope, bin_table_builder& builder,
                    std::vector<config::config_error>& errors) {
  file_reader reader{scope, builder, errors};
  std::uint32_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    reader.read_line(text.substr(0, end), ++number);
    if (end == std::string_view::npos)
      break;
    text.remove_prefix(end + 1);
  }
  reader.finish();
}

bool read_bin_file(std::istream& in, const bin_file_scope& scope, bin_table_builder& builder,
                   std::vector<config::config_error>& errors) {
  file_reader reader{scope, builder, errors};
  std::uint32_t number = 0;
  for (std::string line; std::getline(in, line);)
    reader.read_line(line, ++number);
  reader.finish();
  return !in.bad();
}

} // namespace switchyard::core
