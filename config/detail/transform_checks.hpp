#pragma once

#include "config/detail/toml_reader.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/transform_rules.hpp"

#include <cstdint>
#include <string>

namespace switchyard::config::detail {

/// Returns `s` in double quotes (a map key in a key path, a value in an error text).
std::string in_quotes(std::string_view s);

/// Which way the messages a transformation step works on travel.
enum class transform_direction : std::uint8_t { request, response };

/// The checks of one direction of a network's transformations, each reporting to `reader`
/// what it finds and returning whether the value passed.
struct transform_side {
  toml_reader& reader;
  const iso8583::dialect* dialect; ///< the network's; nullptr when it does not load
  transform_direction direction;

  /// Returns the highest field number the dialect's bitmaps address (192 without a dialect).
  int highest_field() const noexcept;

  /// Returns "dialect NAME" for error texts.
  std::string dialect_text() const;

  /// Checks that a step may change `field`: never 11 (the gateway's STAN), never 39 of a
  /// response except through a map (`is_map`).
  bool check_writable(const toml::node& at, const std::string& key, int field, bool is_map = false);

  /// Checks that a step may give `field` a value: what check_writable() checks and, on
  /// requests, that the dialect packs the field.
  bool check_destination(const toml::node& at, const std::string& key, int field,
                         bool is_map = false);

  /// Checks that `field`, given a constant or a table, holds no card data (masked in logs).
  bool check_constant_field(const toml::node& at, const std::string& key, int field);

  /// Checks that the dialect can pack `value` as `field` (when it defines the field), and
  /// that the field is not binary (the configuration holds text).
  bool check_value(const toml::node& at, const std::string& key, int field,
                   const std::string& value);

  /// Checks that what `from` holds is masked in logs as well in `to` (same rule, or fully).
  bool check_copy_mask(const toml::node& at, const std::string& key, int from, int to);

  /// Checks that a map of a response's field 39 keeps approvals approvals and anything else
  /// not one (the gateway reverses an approval the acquirer cannot receive, by field 39).
  bool check_approvals_kept(const toml::table& t, const std::string& path,
                            const iso8583::transform_step& map);
};

} // namespace switchyard::config::detail
