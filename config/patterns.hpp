#pragma once

#include "config/settings.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace switchyard::config {

/// Parses "LOW-HIGH" (digits only, equal lengths 1..19, LOW <= HIGH); nullopt when malformed.
std::optional<bin_range> parse_bin_range(std::string_view text);

/// Names the first rule of `parse_bin_range` that `text` breaks (no dash, a non-digit, a bound
/// of 0 or more than 19 digits, unequal lengths, LOW above HIGH); empty when `text` is valid.
std::string bin_range_problem(std::string_view text);

/// Returns whether some card number long enough for both ranges falls in `x` and in `y`.
bool bin_ranges_overlap(const bin_range& x, const bin_range& y);

/// Returns whether some MTI matches both patterns ('?' matches any digit).
bool mti_patterns_overlap(std::string_view x, std::string_view y);

/// Returns whether `text` is an MTI pattern: exactly four characters, each a digit or '?'.
bool is_mti_pattern(std::string_view text);

/// Returns whether `text` is a JSON-RPC method pattern: non-empty, '*' only as the last character.
bool is_method_pattern(std::string_view text);

/// Parses "host:port" or "[v6-address]:port" with a port in 1..65535; nullopt when malformed.
std::optional<seed_node> parse_seed(std::string_view text);

/// Returns whether `name` is one of the dialects built into the ISO 8583 codec.
bool is_builtin_dialect(std::string_view name);

/// Returns whether binding `x` and `y` on the same port would collide (wildcards match all).
bool addresses_overlap(std::string_view x, std::string_view y);

} // namespace switchyard::config
