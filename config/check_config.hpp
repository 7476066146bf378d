#pragma once

#include "config/config_error.hpp"
#include "config/settings.hpp"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace switchyard::config {

/// A check of what valid settings name beyond the file itself (BIN tables, say), from a layer
/// above this library: it returns every problem and may write summary lines to its stream.
using settings_check
  = std::function<std::vector<config_error>(const gateway_settings&, std::ostream& summary)>;

/// Loads the file at `path` and runs `extra` on the settings; on success prints a short
/// summary to `out` and returns 0, otherwise prints every error (one per line) and a count line
/// to `err` and returns 1.
int check_config(const std::string& path, std::ostream& out, std::ostream& err,
                 const settings_check& extra = {});

/// Checks every file of `paths` in turn as above, reporting each; returns 0 when all are valid,
/// 1 when any is not.
int check_config(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                 const settings_check& extra = {});

} // namespace switchyard::config
