#pragma once

#include "config/settings.hpp"

#include <string>

namespace switchyard::config {

/// Returns `settings` as a configuration file that `load_string` reads back into equal settings
/// (apart from `source_file`): every key spelled out, defaults included, in the file's order
/// ([node], [cluster], [[listeners]], [[networks]], [routing], [logging], [admin_http]).
std::string to_toml(const gateway_settings& settings);

/// Returns `network` as a network snippet: one `[[networks]]` entry with its sub-tables.
std::string to_toml(const network_settings& network);

} // namespace switchyard::config
