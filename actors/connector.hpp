#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"
#include "config/settings.hpp"

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the connector of one upstream network, whatever its protocol: it makes the
/// network's data path (links and decisions on the node's I/O threads) through its
/// protocol's factory, puts its port into the node's port directory, announces itself to
/// the router, starts the data path, reports its pools and relays its health verdicts. A
/// protocol without a data path in this build gets a connector that only describes it.
connector_actor spawn_connector(caf::local_actor& parent, config::network_settings settings,
                                const node_context& node);

} // namespace switchyard
