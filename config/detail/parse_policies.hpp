#pragma once

#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

#include <optional>

namespace switchyard::config::detail {

/// Parses the optional `health_check` table of the network table `t`; the probe must suit
/// `protocol`.
health_check_settings parse_health_check(const toml::table& t, const std::string& path,
                                         std::optional<protocol_kind> protocol,
                                         toml_reader& reader);

/// Parses the optional `circuit_breaker` table of the network table `t`.
breaker_settings parse_breaker(const toml::table& t, const std::string& path, toml_reader& reader);

/// Parses the optional `retry` table of the network table `t`.
retry_settings parse_retry(const toml::table& t, const std::string& path, toml_reader& reader);

/// Parses the optional `hedging` table of the network table `t`; only JSON-RPC may enable it.
hedging_settings parse_hedging(const toml::table& t, const std::string& path,
                               std::optional<protocol_kind> protocol, toml_reader& reader);

} // namespace switchyard::config::detail
