#pragma once

#include "config/config_error.hpp"
#include "config/settings.hpp"

#include <string>
#include <vector>

namespace switchyard::config {

// Networks added, updated and removed at runtime are recorded under STATE_DIR/networks: one
// snippet file per network put (NAME.toml, exactly what the operator sent) and an index of
// the changes in the order they were made ("put NAME" or "remove NAME", one line each, the
// latest change of a name only). Every file is replaced atomically (written aside, synced,
// renamed), so a crash leaves either the change or what was before it.

/// One network defined at runtime, read back at start.
struct runtime_network_record {
  network_settings settings;
  std::string snippet;
};

/// What the records in a state directory make of a configuration.
struct runtime_changes {
  gateway_settings settings;                    ///< the configuration with the changes applied
  std::vector<runtime_network_record> networks; ///< the networks defined at runtime
  std::vector<std::string> removed;             ///< configured networks removed at runtime
  std::vector<config_error> errors;             ///< each record that cannot be applied
};

/// Applies the changes recorded under `state_dir` to `base` (nothing when there are none);
/// each snippet is validated like the operator's original (errors name its file and line).
runtime_changes apply_runtime_changes(const gateway_settings& base, const std::string& state_dir);

/// Records that network `name` is now defined by `snippet`; returns an error text, empty on
/// success.
std::string record_network_put(const std::string& state_dir, const std::string& name,
                               const std::string& snippet);

/// Records that network `name` was removed; returns an error text, empty on success.
std::string record_network_removal(const std::string& state_dir, const std::string& name);

/// Where the records of `state_dir` are kept.
std::string runtime_changes_dir(const std::string& state_dir);

} // namespace switchyard::config
