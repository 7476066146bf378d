#include "config/detail/toml_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <sstream>

// The Debian package ships toml++ compiled as a shared library; its CMake target also sets this.
#ifndef TOML_HEADER_ONLY
#  define TOML_HEADER_ONLY 0
#endif
#include <toml++/toml.h>

namespace switchyard::config::detail {

namespace {

// Keys of digits only may be bare, but read like numbers ("000000" in a map table): quoted.
bool is_bare_key(std::string_view key) {
  auto is_digit = [](char c) {
    return c >= '0' && c <= '9';
  };
  return !std::all_of(key.begin(), key.end(), is_digit)
         && std::all_of(key.begin(), key.end(), [&](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_'
                     || c == '-';
            });
}

} // namespace

std::string quoted(std::string_view text) {
  // Basic strings only (no '...' literals), as the bundled configuration writes them.
  std::ostringstream out;
  out << toml::toml_formatter{toml::value<std::string>{std::string{text}},
                              toml::format_flags::allow_unicode_strings};
  return out.str();
}

std::string toml_key(std::string_view key) {
  return is_bare_key(key) ? std::string{key} : quoted(key);
}

std::string toml_float(double x) {
  // The shortest text that reads back as `x`; toml++ itself would print 0.1 as
  // 0.10000000000000001.
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  std::string result{buffer.data(), end};
  if (result.find_first_of(".ein") == std::string::npos)
    result += ".0";
  return result;
}

std::string inline_array(const std::vector<std::string>& items) {
  std::string result = "[";
  for (std::size_t i = 0; i < items.size(); ++i)
    result += (i == 0 ? "" : ", ") + items[i];
  return result + "]";
}

std::string string_array(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const auto& value : values)
    items.push_back(quoted(value));
  return inline_array(items);
}

std::string multiline_array(const std::vector<std::string>& items) {
  if (items.empty())
    return "[]";
  std::string result = "[\n";
  for (const auto& item : items)
    result += "  " + item + ",\n";
  return result + "]";
}

void toml_fields::set_string(std::string_view key, std::string_view value) {
  if (!value.empty())
    set_raw(key, quoted(value));
}

void toml_fields::set_bool(std::string_view key, bool value) {
  set_raw(key, value ? "true" : "false");
}

void toml_fields::set_float(std::string_view key, double value) {
  set_raw(key, toml_float(value));
}

void toml_fields::set_raw(std::string_view key, std::string rendered) {
  fields_.emplace_back(toml_key(key), std::move(rendered));
}

std::string toml_fields::lines() const {
  std::string result;
  for (const auto& [key, value] : fields_)
    result += key + " = " + value + '\n';
  return result;
}

std::string toml_fields::inline_table() const {
  if (fields_.empty())
    return "{}";
  std::string result = "{ ";
  for (std::size_t i = 0; i < fields_.size(); ++i)
    result += (i == 0 ? "" : ", ") + fields_[i].first + " = " + fields_[i].second;
  return result + " }";
}

void toml_document::comment(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = std::min(text.find('\n', start), text.size());
    auto line = text.substr(start, end - start);
    text_ += line.empty() ? "#\n" : "# " + std::string{line} + '\n';
    start = end + 1;
  }
}

void toml_document::table(std::string_view name, const toml_fields& fields) {
  section("[", name, "]", fields);
}

void toml_document::array_entry(std::string_view name, const toml_fields& fields) {
  section("[[", name, "]]", fields);
}

void toml_document::section(std::string_view open, std::string_view name, std::string_view close,
                            const toml_fields& fields) {
  if (!text_.empty())
    text_ += '\n';
  // Appended piece by piece: GCC 12 warns (-Wrestrict) about "[" + std::string{name}.
  text_.append(open).append(name).append(close).append("\n").append(fields.lines());
}

} // namespace switchyard::config::detail
