#pragma once

#include "config/config_error.hpp"
#include "config/settings.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::config {

/// The outcome of loading a configuration: the settings when valid, otherwise every error.
struct load_result {
  std::optional<gateway_settings> settings; ///< set exactly when `errors` is empty
  std::vector<config_error> errors;         ///< every problem found, ordered by position

  /// Returns whether the configuration loaded without a single error.
  bool ok() const noexcept { return settings.has_value() && errors.empty(); }
};

/// Loads and validates the TOML file at `path`; relative paths inside resolve against its folder.
load_result load_file(const std::string& path);

/// Loads and validates `toml`, naming `source_name` in errors; relative paths inside resolve
/// against the folder of `source_name` (the working directory when it names none).
load_result load_string(std::string_view toml, const std::string& source_name);

} // namespace switchyard::config
