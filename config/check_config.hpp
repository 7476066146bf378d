#pragma once

#include <iosfwd>
#include <string>

namespace switchyard::config {

/// Loads the file at `path`; on success prints a short summary to `out` and returns 0, otherwise
/// prints every error (one per line) and a count line to `err` and returns 1.
int check_config(const std::string& path, std::ostream& out, std::ostream& err);

} // namespace switchyard::config
