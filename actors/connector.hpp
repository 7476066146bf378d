#pragma once

#include "actors/interfaces.hpp"
#include "config/settings.hpp"

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the connector of one upstream network; it announces itself to the router
/// and its pools to the connection manager.
connector_actor spawn_connector(caf::local_actor& parent, config::network_settings settings);

} // namespace switchyard
