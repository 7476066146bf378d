#pragma once

#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"
#include "protocols/iso8583/transform_rules.hpp"

#include <optional>
#include <string>

namespace switchyard::config::detail {

/// Parses the `transform` table of the network table `t` at `path`, whose messages are packed
/// with `dialect` (a built-in name or a resolved file path), into `out`; only ISO 8583
/// networks take one. Field numbers, destinations and values are checked against the dialect
/// when it loads.
void parse_transform(const toml::table& t, const std::string& path,
                     std::optional<protocol_kind> protocol, const std::string& dialect,
                     toml_reader& reader, iso8583::transform_rules& out);

} // namespace switchyard::config::detail
