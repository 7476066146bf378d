#pragma once

#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

#include <string>

namespace switchyard::config::detail {

/// Parses the optional `[routing]` table of `root`: the node's BIN table and its priority.
routing_settings parse_routing(const toml::table& root, toml_reader& reader);

/// Parses `bin_table` and `bin_table_priority` of the network table `t` into `out` (the file
/// must exist; its lines are checked when it is loaded, core/bin_tables.hpp).
void parse_network_bin_table(const toml::table& t, const std::string& path, toml_reader& reader,
                             network_settings& out);

} // namespace switchyard::config::detail
