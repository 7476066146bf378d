#pragma once

#include "protocols/iso8583/concat.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/dialect_loader.hpp"

#include <toml++/toml.h>

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::iso8583::detail {

/// Reads the parts of a parsed dialect file, collecting errors with file, line and field.
class dialect_reader {
public:
  /// Reads on behalf of `file`, the name errors carry.
  explicit dialect_reader(std::string file) : file_(std::move(file)) {}

  /// Records `message` about `field` (0: none) at `where`.
  void error(const toml::source_region& where, int field, std::string message);

  /// Records `message` about `field` at the position of `where`.
  void error(const toml::node& where, int field, std::string message) {
    error(where.source(), field, std::move(message));
  }

  /// Records `message` about `field` with no particular position.
  void error_at_top(int field, std::string message);

  /// Returns true when anything was recorded.
  bool has_errors() const noexcept { return !errors_.empty(); }

  /// Hands over the recorded errors.
  std::vector<dialect_error> take_errors() { return std::move(errors_); }

  /// Returns the string `n` holds, or records that `key` must be a string.
  std::optional<std::string> string_of(const toml::node& n, int field, std::string_view key);

  /// Returns the string at `key` of `t`, nothing when absent or not a string (recorded).
  std::optional<std::string> optional_string(const toml::table& t, int field, std::string_view key);

  /// Returns the enum value named by string `n`, or records that it is not one of `expected`.
  template <class Enum>
  std::optional<Enum> enum_of(const toml::node& n, int field, std::string_view key,
                              std::optional<Enum> (*parse)(std::string_view) noexcept,
                              std::string_view expected) {
    const auto s = string_of(n, field, key);
    if (!s)
      return std::nullopt;
    const auto v = parse(*s);
    if (!v)
      error(n, field, concat({"unknown ", key, " '", *s, "' (expected ", expected, ")"}));
    return v;
  }

  /// Like enum_of() for the optional `key` of `t`.
  template <class Enum>
  std::optional<Enum> optional_enum(const toml::table& t, int field, std::string_view key,
                                    std::optional<Enum> (*parse)(std::string_view) noexcept,
                                    std::string_view expected) {
    const toml::node* n = t.get(key);
    return n == nullptr ? std::nullopt : enum_of(*n, field, key, parse, expected);
  }

  /// Records every key of `t` not in `allowed`.
  void reject_unknown_keys(const toml::table& t, int field,
                           std::initializer_list<std::string_view> allowed);

  /// Returns the field number `key` spells (2..192), or 0 after recording why not.
  int field_number(const toml::key& key);

  /// Applies the field table `t` to `field` of `d`.
  void apply_field(dialect& d, int field, const toml::table& t);

  /// Records every check_dialect() issue of `d` at the place its field was defined.
  void check(const dialect& d);

private:
  bool read_shape(dialect& d, int field, const toml::table& t);
  std::optional<std::uint32_t> read_length(const toml::table& t, int field);
  void read_encodings(field_spec& spec, int field, const toml::table& t);
  void read_data_encoding(field_spec& spec, int field, const toml::node& n);
  void read_filler(field_spec& spec, int field, const toml::node& n);

  std::string file_;
  std::vector<dialect_error> errors_;
  std::array<toml::source_position, dialect::max_field + 1> field_at_{};
};

} // namespace switchyard::iso8583::detail
