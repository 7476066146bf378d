#pragma once

#include "config/detail/source_marks.hpp"
#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

#include <vector>

namespace switchyard::config::detail {

/// Parses one network table `t` found at `path` (such as `networks[2]`), recording its marks.
network_settings parse_network(const toml::table& t, const std::string& path, toml_reader& reader,
                               network_marks& marks);

/// Parses the `[[networks]]` array of `root`, appending one entry per network to `out`/`marks`.
void parse_networks(const toml::table& root, toml_reader& reader,
                    std::vector<network_settings>& out, std::vector<network_marks>& marks);

} // namespace switchyard::config::detail
