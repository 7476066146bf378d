#pragma once

#include "actors/interfaces.hpp"
#include "config/settings.hpp"

#include <memory>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the router for the node's configured networks; it registers itself in the
/// directory and learns connectors as they register (or asks the connector supervisor).
router_actor spawn_router(caf::local_actor& parent,
                          std::shared_ptr<const config::gateway_settings> settings);

} // namespace switchyard
