#pragma once

#include "config/detail/source_marks.hpp"
#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

namespace switchyard::config::detail {

/// Parses the optional `[node]` table of `root`, recording where `cluster_port` was written.
node_settings parse_node(const toml::table& root, toml_reader& reader, source_marks& marks);

/// Parses the optional `[cluster]` table of `root`, including its seeds and TLS material.
cluster_settings parse_cluster(const toml::table& root, toml_reader& reader);

} // namespace switchyard::config::detail
