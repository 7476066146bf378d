#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace switchyard {

/// What the command line decides about a node run.
struct node_options {
  std::string config_file;
  std::optional<std::uint16_t> cluster_port; ///< overrides node.cluster_port
};

/// Loads the configuration, runs the node until SIGINT/SIGTERM and returns the exit code:
/// 0 after a clean shutdown, 1 when the configuration is invalid or the node failed.
int run_node(const node_options& options);

} // namespace switchyard
