#pragma once

#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

#include <optional>
#include <string_view>

namespace switchyard::config::detail {

/// Reads the required `protocol` of a listener or network into `out`; nullopt when missing or bad.
std::optional<protocol_kind> read_protocol(const toml::table& t, const std::string& path,
                                           toml_reader& reader, protocol_kind& out);

/// Reports each of `keys` (space-separated) present in `t` when the protocol is known and is
/// not `only`.
void check_protocol_only_keys(const toml::table& t, const std::string& path,
                              std::optional<protocol_kind> protocol, protocol_kind only,
                              std::string_view keys, toml_reader& reader);

/// Parses `dialect`, `framing` and `header_bytes`, which only ISO 8583 endpoints take.
template <class Settings>
void parse_codec(const toml::table& t, const std::string& path,
                 std::optional<protocol_kind> protocol, toml_reader& reader, Settings& out);

extern template void parse_codec(const toml::table&, const std::string&,
                                 std::optional<protocol_kind>, toml_reader&, listener_settings&);

extern template void parse_codec(const toml::table&, const std::string&,
                                 std::optional<protocol_kind>, toml_reader&, network_settings&);

} // namespace switchyard::config::detail
