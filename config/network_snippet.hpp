#pragma once

#include "config/config_error.hpp"
#include "config/settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::config {

/// Whether a network snippet brings a new network or replaces a running one of the same name.
enum class snippet_mode : std::uint8_t { add, update };

/// The outcome of reading a network snippet against a running configuration.
struct snippet_result {
  std::optional<network_settings> network;  ///< the snippet's network, set exactly when valid
  std::optional<gateway_settings> settings; ///< the running settings with it added or replaced
  std::vector<config_error> errors;         ///< every problem found, ordered by position

  /// Returns whether the snippet is valid against the running configuration.
  bool ok() const noexcept { return network.has_value() && errors.empty(); }
};

/// Reads `toml`, one `[[networks]]` entry (or one `[network]` table) of the configuration file's
/// schema, naming `source_name` in errors with the snippet's lines; relative paths inside resolve
/// against the folder of `running.source_file`. The network is parsed as the loader parses it,
/// then the running settings with it added (`add`) or replaced by name (`update`) go through the
/// loader's whole validation. Also refused: adding a name that runs, updating one that does not,
/// changing a network's protocol, no network or several, and any other top-level key.
snippet_result parse_network_snippet(std::string_view toml, const std::string& source_name,
                                     const gateway_settings& running, snippet_mode mode);

/// Returns `settings` with `network` in place of the network of the same name, or appended.
gateway_settings with_network(const gateway_settings& settings, network_settings network);

/// Returns `settings` without the network named `name` (unchanged when none is).
gateway_settings with_network_removed(const gateway_settings& settings, const std::string& name);

/// Returns why the network `name` cannot be removed from `running`: it does not run, or other
/// networks name it as a fallback; empty when it can. Errors name `running.source_file`.
std::vector<config_error> validate_removal(const gateway_settings& running,
                                           const std::string& name);

} // namespace switchyard::config
