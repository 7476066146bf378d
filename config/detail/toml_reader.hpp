#pragma once

#include "config/config_error.hpp"
#include "config/detail/source_marks.hpp"
#include "config/settings.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The Debian package ships toml++ compiled as a shared library; its CMake target also sets this.
#ifndef TOML_HEADER_ONLY
#  define TOML_HEADER_ONLY 0
#endif
#include <toml++/toml.h>

namespace switchyard::config::detail {

/// Returns `path.key`, or `key` when `path` is empty.
std::string join(const std::string& path, std::string_view key);

/// Returns `path[index]`.
std::string at_index(const std::string& path, std::size_t index);

/// Returns the words of a space-separated list of keys such as "cert key ca".
std::vector<std::string_view> split_keys(std::string_view keys);

/// Returns where `node` starts in the source.
position position_of(const toml::node& node);

/// Returns the largest value of `T` that a TOML integer (int64) can hold.
template <class T>
constexpr std::int64_t max_of() {
  constexpr auto t_max = static_cast<std::uint64_t>(std::numeric_limits<T>::max());
  constexpr auto i_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(t_max < i_max ? t_max : i_max);
}

/// The number of values of a settings enum, whose TOML names `to_string` gives for 0..N-1.
template <class Enum>
inline constexpr std::size_t enum_count = 0;

template <>
inline constexpr std::size_t enum_count<protocol_kind> = 2;

template <>
inline constexpr std::size_t enum_count<framing_kind> = 4;

template <>
inline constexpr std::size_t enum_count<balancing_kind> = 4;

template <>
inline constexpr std::size_t enum_count<probe_kind> = 4;

/// One table of an array of tables, with its path such as `networks[2]`.
struct indexed_table {
  std::string path;
  const toml::table* table = nullptr;
};

/// Reads typed values out of parsed TOML tables and collects every problem on the way.
class toml_reader {
public:
  /// Reports errors against `file`; relative paths in values resolve against `base_dir`.
  toml_reader(std::string file, std::filesystem::path base_dir);

  /// Parses `text` as a TOML document; reports a syntax error and returns nullopt on one.
  std::optional<toml::table> parse(std::string_view text);

  /// Records that the value at `at`, named `key`, is not what was `expected`.
  void fail(position at, std::string key, std::string expected);

  /// Records `errors`, found on settings already built, as problems of this reader's file.
  void report(std::vector<config_error> errors);

  /// Reports every key of `table` not named in `allowed`, a space-separated list of keys.
  void check_keys(const toml::table& table, const std::string& path, std::string_view allowed);

  /// Reports `key` as missing (at the table's position) unless present; returns presence.
  bool require(const toml::table& table, const std::string& path, std::string_view key);

  /// Returns `node` as a table, or reports it and returns nullptr.
  const toml::table* as_table(const toml::node& node, const std::string& key);

  /// Returns the sub-table `key`; nullptr when absent or (reported) not a table.
  const toml::table* table(const toml::table& parent, const std::string& path,
                           std::string_view key);

  /// Returns the array `key`; nullptr when absent or (reported) not an array.
  const toml::array* array(const toml::table& parent, const std::string& path,
                           std::string_view key);

  /// Returns the tables of the array `key`, reporting a non-array and each non-table element.
  std::vector<indexed_table> tables(const toml::table& parent, const std::string& path,
                                    std::string_view key);

  /// Reads a non-empty string from `node`, or reports it.
  bool read_string(const toml::node& node, const std::string& key, std::string& out);

  /// Reads an integer in [min, max] from `node`, or reports it.
  bool read_integer(const toml::node& node, const std::string& key, std::int64_t& out,
                    std::int64_t min, std::int64_t max);

  /// Reads the non-empty string `key` when present; false when absent or reported.
  bool read_string(const toml::table& t, const std::string& path, std::string_view key,
                   std::string& out);

  /// Reads the boolean `key` when present; false when absent or reported.
  bool read_bool(const toml::table& t, const std::string& path, std::string_view key, bool& out);

  /// Reads the integer `key` in [min, max] into `out` when present; false when absent or reported.
  template <class T>
  bool read_integer(const toml::table& t, const std::string& path, std::string_view key, T& out,
                    std::int64_t min = 0, std::int64_t max = max_of<T>()) {
    const auto* node = t.get(key);
    std::int64_t value = 0;
    if (node == nullptr || !read_integer(*node, join(path, key), value, min, max)) {
      return false;
    }
    out = static_cast<T>(value);
    return true;
  }

  /// Reads a number in [0, 1], or in (0, 1] unless `zero_allowed`; false when absent or reported.
  bool read_ratio(const toml::table& t, const std::string& path, std::string_view key, double& out,
                  bool zero_allowed);

  /// Reads a string that must be one of `names`; returns its index, nullopt when absent or bad.
  std::optional<std::size_t> read_choice(const toml::table& t, const std::string& path,
                                         std::string_view key,
                                         std::span<const std::string_view> names);

  /// Reads a string naming a value of `Enum`; nullopt when absent or reported.
  template <class Enum>
  std::optional<Enum> read_enum(const toml::table& t, const std::string& path,
                                std::string_view key) {
    std::array<std::string_view, enum_count<Enum>> names;
    for (std::size_t i = 0; i < names.size(); ++i) {
      names[i] = to_string(static_cast<Enum>(i));
    }
    auto index = read_choice(t, path, key, names);
    return index ? std::optional<Enum>{static_cast<Enum>(*index)} : std::nullopt;
  }

  /// Reads a file path, resolves it against the base directory and reports it unless it exists.
  bool read_file(const toml::table& t, const std::string& path, std::string_view key,
                 std::string& out);

  /// Returns `value` made absolute against the configuration file's directory.
  std::string resolve(std::string_view value) const;

  /// Returns whether no error has been recorded yet.
  bool is_clean() const noexcept { return errors_.empty(); }

  /// Returns the collected errors ordered by position, leaving none behind.
  std::vector<config_error> take_errors();

private:
  std::string file_;
  std::filesystem::path base_dir_;
  std::vector<config_error> errors_;
};

} // namespace switchyard::config::detail
