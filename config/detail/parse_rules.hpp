#pragma once

#include "config/detail/source_marks.hpp"
#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

#include <optional>
#include <vector>

namespace switchyard::config::detail {

/// The highest ISO 8583 field number: a tertiary bitmap addresses fields 1..192.
inline constexpr std::int64_t max_field_number = 192;

/// Parses the `rules` of the network table `t`; sorted by priority (stable), default rules last.
/// Appends to `bin_marks`, in the same order, where each rule's `bin_range` was written.
std::vector<rule_settings> parse_rules(const toml::table& t, const std::string& path,
                                       std::optional<protocol_kind> protocol, toml_reader& reader,
                                       std::vector<mark>& bin_marks);

} // namespace switchyard::config::detail
