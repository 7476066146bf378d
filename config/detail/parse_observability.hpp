#pragma once

#include "config/detail/source_marks.hpp"
#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

namespace switchyard::config::detail {

/// Parses the optional `[logging]` table of `root`.
logging_settings parse_logging(const toml::table& root, toml_reader& reader);

/// Parses the optional `[admin_http]` table of `root`; an enabled endpoint needs a port.
admin_http_settings parse_admin_http(const toml::table& root, toml_reader& reader,
                                     source_marks& marks);

} // namespace switchyard::config::detail
