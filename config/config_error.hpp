#pragma once

#include <string>

namespace switchyard::config {

/// One problem found while loading a configuration file, with its source position.
struct config_error {
  std::string file;     ///< the configuration file (or the name given to load_string)
  int line = 0;         ///< 1-based line; 0 when the problem has no position (unreadable file)
  int column = 0;       ///< 1-based column; 0 when the problem has no position
  std::string key;      ///< full dotted path such as `networks[1].hosts[0].port`; may be empty
  std::string expected; ///< what was expected, without the leading word "expected"

  /// Returns whether two errors are equal in every member.
  friend bool operator==(const config_error&, const config_error&) = default;
};

/// Renders `FILE:LINE:COLUMN: KEY: expected ...`, leaving out an unknown position or empty key.
std::string to_string(const config_error& x);

} // namespace switchyard::config
