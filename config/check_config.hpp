#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace switchyard::config {

/// Loads the file at `path`; on success prints a short summary to `out` and returns 0, otherwise
/// prints every error (one per line) and a count line to `err` and returns 1.
int check_config(const std::string& path, std::ostream& out, std::ostream& err);

/// Checks every file of `paths` in turn as above, reporting each; returns 0 when all are valid,
/// 1 when any is not.
int check_config(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err);

} // namespace switchyard::config
