#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::config::detail {

/// Returns `text` as a TOML basic string, quoted and escaped by toml++ ("a\"b").
std::string quoted(std::string_view text);

/// Returns `key` bare when TOML allows it (letters, digits, '_' and '-', not digits alone),
/// otherwise quoted.
std::string toml_key(std::string_view key);

/// Returns `x` as a TOML float that reads back as the same double ("0.1", "1.0", "1e-07").
std::string toml_float(double x);

/// Returns `items`, already rendered values, as an inline TOML array, `[]` when empty.
std::string inline_array(const std::vector<std::string>& items);

/// Returns `values` as an inline TOML array of basic strings, `[]` when empty.
std::string string_array(const std::vector<std::string>& values);

/// Returns `values` as an inline TOML array of integers, `[]` when empty.
template <std::integral T>
std::string integer_array(const std::vector<T>& values) {
  std::string result = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    result += (i == 0 ? "" : ", ") + std::to_string(values[i]);
  return result + "]";
}

/// Returns `items`, already rendered values, as an array of one item per line, `[]` when empty.
std::string multiline_array(const std::vector<std::string>& items);

/// The `key = value` pairs of one TOML table, kept in the order they were set.
class toml_fields {
public:
  /// Sets `key` to the string `value`, or leaves it out when `value` is empty: the loader reads
  /// no empty string, and every string setting that may be empty defaults to empty.
  void set_string(std::string_view key, std::string_view value);

  /// Sets `key` to a boolean.
  void set_bool(std::string_view key, bool value);

  /// Sets `key` to an integer.
  template <std::integral T>
  void set_integer(std::string_view key, T value) {
    set_raw(key, std::to_string(value));
  }

  /// Sets `key` to a float.
  void set_float(std::string_view key, double value);

  /// Sets `key` to `rendered`, a value already written as TOML.
  void set_raw(std::string_view key, std::string rendered);

  /// Returns the pairs as `key = value` lines.
  std::string lines() const;

  /// Returns the pairs as an inline table, `{ key = value, ... }`.
  std::string inline_table() const;

private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

/// A TOML document written table by table, in the order an operator reads it.
class toml_document {
public:
  /// Adds `# text` lines, one per line of `text`.
  void comment(std::string_view text);

  /// Adds the table `[name]` holding `fields`, after a blank line.
  void table(std::string_view name, const toml_fields& fields);

  /// Adds an entry `[[name]]` of an array of tables holding `fields`, after a blank line.
  void array_entry(std::string_view name, const toml_fields& fields);

  /// Returns the document's text.
  const std::string& text() const noexcept { return text_; }

private:
  void section(std::string_view open, std::string_view name, std::string_view close,
               const toml_fields& fields);

  std::string text_;
};

} // namespace switchyard::config::detail
