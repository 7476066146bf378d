#include "config/detail/toml_reader.hpp"

#include <algorithm>
#include <system_error>
#include <utility>

namespace switchyard::config::detail {

namespace {

std::string describe_range(std::int64_t min, std::int64_t max) {
  if (max >= static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max())) {
    return "an integer >= " + std::to_string(min);
  }
  return "an integer in " + std::to_string(min) + ".." + std::to_string(max);
}

std::string list_names(std::span<const std::string_view> names, const char* quote) {
  std::string result;
  for (auto name : names) {
    if (!result.empty()) {
      result += ", ";
    }
    result += quote;
    result += name;
    result += quote;
  }
  return result;
}

} // namespace

std::string join(const std::string& path, std::string_view key) {
  if (path.empty()) {
    return std::string{key};
  }
  return path + '.' + std::string{key};
}

std::string at_index(const std::string& path, std::size_t index) {
  return path + '[' + std::to_string(index) + ']';
}

std::vector<std::string_view> split_keys(std::string_view keys) {
  std::vector<std::string_view> result;
  for (std::size_t start = 0; start < keys.size();) {
    auto end = std::min(keys.find(' ', start), keys.size());
    if (end > start) {
      result.push_back(keys.substr(start, end - start));
    }
    start = end + 1;
  }
  return result;
}

position position_of(const toml::node& node) {
  const auto& begin = node.source().begin;
  return {static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

toml_reader::toml_reader(std::string file, std::filesystem::path base_dir)
    : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

std::optional<toml::table> toml_reader::parse(std::string_view text) {
  try {
    return toml::parse(text, std::string_view{file_});
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    fail({static_cast<int>(begin.line), static_cast<int>(begin.column)}, "",
         "valid TOML (" + std::string{e.description()} + ")");
    return std::nullopt;
  }
}

void toml_reader::fail(position at, std::string key, std::string expected) {
  errors_.push_back({file_, at.line, at.column, std::move(key), std::move(expected)});
}

void toml_reader::report(std::vector<config_error> errors) {
  for (auto& error : errors)
    fail({error.line, error.column}, std::move(error.key), std::move(error.expected));
}

void toml_reader::check_keys(const toml::table& table, const std::string& path,
                             std::string_view allowed) {
  auto keys = split_keys(allowed);
  for (auto&& [key, value] : table) {
    if (std::find(keys.begin(), keys.end(), key.str()) == keys.end()) {
      const auto& begin = key.source().begin;
      fail({static_cast<int>(begin.line), static_cast<int>(begin.column)}, join(path, key.str()),
           "a known key (allowed here: " + list_names(keys, "") + ")");
    }
  }
}

bool toml_reader::require(const toml::table& table, const std::string& path, std::string_view key) {
  if (table.contains(key)) {
    return true;
  }
  fail(position_of(table), join(path, key), "this required key to be set");
  return false;
}

const toml::table* toml_reader::as_table(const toml::node& node, const std::string& key) {
  const auto* result = node.as_table();
  if (result == nullptr) {
    fail(position_of(node), key, "a table");
  }
  return result;
}

const toml::table* toml_reader::table(const toml::table& parent, const std::string& path,
                                      std::string_view key) {
  const auto* node = parent.get(key);
  return node == nullptr ? nullptr : as_table(*node, join(path, key));
}

const toml::array* toml_reader::array(const toml::table& parent, const std::string& path,
                                      std::string_view key) {
  const auto* node = parent.get(key);
  if (node == nullptr) {
    return nullptr;
  }
  const auto* result = node->as_array();
  if (result == nullptr) {
    fail(position_of(*node), join(path, key), "an array");
  }
  return result;
}

std::vector<indexed_table> toml_reader::tables(const toml::table& parent, const std::string& path,
                                               std::string_view key) {
  std::vector<indexed_table> result;
  const auto* node = parent.get(key);
  if (node == nullptr) {
    return result;
  }
  const auto* elements = node->as_array();
  if (elements == nullptr) {
    fail(position_of(*node), join(path, key), "an array of tables");
    return result;
  }
  auto array_path = join(path, key);
  for (std::size_t i = 0; i < elements->size(); ++i) {
    auto element_path = at_index(array_path, i);
    if (const auto* t = as_table(*elements->get(i), element_path)) {
      result.push_back({element_path, t});
    }
  }
  return result;
}

bool toml_reader::read_string(const toml::node& node, const std::string& key, std::string& out) {
  const auto* value = node.as_string();
  if (value == nullptr) {
    fail(position_of(node), key, "a string");
    return false;
  }
  if (value->get().empty()) {
    fail(position_of(node), key, "a non-empty string");
    return false;
  }
  out = value->get();
  return true;
}

bool toml_reader::read_integer(const toml::node& node, const std::string& key, std::int64_t& out,
                               std::int64_t min, std::int64_t max) {
  const auto* value = node.as_integer();
  if (value == nullptr) {
    fail(position_of(node), key, "an integer");
    return false;
  }
  if (value->get() < min || value->get() > max) {
    fail(position_of(node), key, describe_range(min, max));
    return false;
  }
  out = value->get();
  return true;
}

bool toml_reader::read_string(const toml::table& t, const std::string& path, std::string_view key,
                              std::string& out) {
  const auto* node = t.get(key);
  return node != nullptr && read_string(*node, join(path, key), out);
}

bool toml_reader::read_bool(const toml::table& t, const std::string& path, std::string_view key,
                            bool& out) {
  const auto* node = t.get(key);
  if (node == nullptr) {
    return false;
  }
  if (const auto* value = node->as_boolean()) {
    out = value->get();
    return true;
  }
  fail(position_of(*node), join(path, key), "a boolean");
  return false;
}

bool toml_reader::read_ratio(const toml::table& t, const std::string& path, std::string_view key,
                             double& out, bool zero_allowed) {
  const auto* node = t.get(key);
  if (node == nullptr) {
    return false;
  }
  auto value = node->value<double>();
  if (!node->is_number() || !value) {
    fail(position_of(*node), join(path, key), "a number");
    return false;
  }
  if (*value > 1.0 || *value < 0.0 || (*value == 0.0 && !zero_allowed)) {
    fail(position_of(*node), join(path, key),
         zero_allowed ? "a number in [0, 1]" : "a number in (0, 1]");
    return false;
  }
  out = *value;
  return true;
}

std::optional<std::size_t> toml_reader::read_choice(const toml::table& t, const std::string& path,
                                                    std::string_view key,
                                                    std::span<const std::string_view> names) {
  std::string text;
  if (!read_string(t, path, key, text)) {
    return std::nullopt;
  }
  auto found = std::find(names.begin(), names.end(), text);
  if (found == names.end()) {
    fail(position_of(*t.get(key)), join(path, key), "one of " + list_names(names, "\""));
    return std::nullopt;
  }
  return static_cast<std::size_t>(found - names.begin());
}

bool toml_reader::read_file(const toml::table& t, const std::string& path, std::string_view key,
                            std::string& out) {
  std::string text;
  if (!read_string(t, path, key, text)) {
    return false;
  }
  out = resolve(text);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(out, ec)) {
    fail(position_of(*t.get(key)), join(path, key), "an existing file (" + out + " not found)");
    return false;
  }
  return true;
}

std::string toml_reader::resolve(std::string_view value) const {
  std::filesystem::path result{value};
  if (result.is_relative()) {
    result = base_dir_ / result;
  }
  std::error_code ec;
  auto absolute = std::filesystem::absolute(result, ec);
  return (ec ? result : absolute).lexically_normal().string();
}

std::vector<config_error> toml_reader::take_errors() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const auto& x, const auto& y) {
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  return std::exchange(errors_, {});
}

} // namespace switchyard::config::detail
