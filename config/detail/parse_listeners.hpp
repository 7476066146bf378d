#pragma once

#include "config/detail/source_marks.hpp"
#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

#include <vector>

namespace switchyard::config::detail {

/// Parses the `[[listeners]]` array of `root`, appending one entry per listener to `out`/`marks`.
void parse_listeners(const toml::table& root, toml_reader& reader,
                     std::vector<listener_settings>& out, std::vector<listener_marks>& marks);

} // namespace switchyard::config::detail
