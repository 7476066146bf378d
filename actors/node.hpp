#pragma once

#include "actors/node_context.hpp"

#include "caf/actor.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace caf {
class actor_system;
} // namespace caf

namespace switchyard {

/// A running node: its root supervisor and the port its admin actor listens on.
struct running_node {
  caf::actor supervisor;
  std::uint16_t cluster_port = 0;
};

/// The outcome of start_node: a running node, or one sentence naming the config key and why.
struct node_start {
  std::optional<running_node> node;
  std::string error;
};

/// Starts the node's supervision tree (router, connection manager, health monitor,
/// connector and listener supervisors, admin), publishes the admin actor and waits until every
/// listener and connector started; on any failure stops the tree again.
node_start start_node(caf::actor_system& sys, const node_context& node);

} // namespace switchyard
