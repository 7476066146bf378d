#pragma once

#include "actors/node_context.hpp"

#include "caf/actor.hpp"
#include "caf/expected.hpp"

#include <chrono>
#include <memory>

namespace caf {
class actor_system;
} // namespace caf

namespace switchyard {

/// A running node: its root supervisor and the port its admin actor listens on.
struct running_node {
  caf::actor supervisor;
  std::uint16_t cluster_port = 0;
};

/// Starts the node's supervision tree (router, connection manager, health monitor,
/// connector and listener supervisors, admin) and publishes the admin actor.
caf::expected<running_node> start_node(caf::actor_system& sys, const node_context& node);

} // namespace switchyard
