#pragma once

#include "config/settings.hpp"
#include "core/routable.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

/// One routing rule compiled into predicates that need no parsing or allocation per request.
struct route_rule {
  std::size_t network = 0;    ///< index of the network the rule belongs to
  std::size_t index = 0;      ///< index of the rule in that network's `rules`
  std::uint32_t priority = 0; ///< lower runs first
  bool is_default = false;    ///< matches everything; evaluated last
  std::size_t bin_digits = 0; ///< length of the BIN prefixes; 0 when there is no BIN condition
  std::uint64_t bin_low = 0;  ///< lowest PAN prefix, inclusive
  std::uint64_t bin_high = 0; ///< highest PAN prefix, inclusive
  std::optional<std::array<char, 4>> mti;         ///< '?' matches any digit
  std::vector<config::field_equals> field_values; ///< field == value
  std::vector<std::uint16_t> fields_present;      ///< fields that must be present
  std::optional<std::uint64_t> amount_above;      ///< field 4 must be strictly greater
  std::optional<std::string> method;              ///< JSON-RPC method, without the '*' of a prefix
  bool method_prefix = false;           ///< `method` is a prefix (the pattern ended in '*')
  std::optional<std::size_t> bin_group; ///< a BIN table group: its ranges pick the network
};

/// Compiles `rule` of a network speaking `protocol`; nothing when it can never match a
/// request of that protocol (a malformed pattern, no condition of that protocol, or a
/// condition of the other protocol).
std::optional<route_rule> compile_rule(const config::rule_settings& rule,
                                       config::protocol_kind protocol);

/// Returns whether every condition of `rule` holds for request `r` (the conditions on
/// fields: ISO 8583 requests).
bool matches(const route_rule& rule, const routable& r) noexcept;

/// Returns whether `rule` matches JSON-RPC method `method`.
bool matches(const route_rule& rule, std::string_view method) noexcept;

} // namespace switchyard::core
