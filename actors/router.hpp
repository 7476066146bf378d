#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the router for the node's configured networks. It is the only writer of the
/// node's route board: every change of connectors or health publishes a new snapshot.
router_actor spawn_router(caf::local_actor& parent, const node_context& node);

} // namespace switchyard
