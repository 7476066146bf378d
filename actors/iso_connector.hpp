#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"
#include "config/settings.hpp"

#include <memory>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the connector of an ISO 8583 network: it runs the network's upstream (its links
/// and data path on the node's I/O threads), puts the upstream's port into the node's port
/// directory and announces itself to the router; exchanges reach the upstream directly.
iso_connector_actor spawn_iso_connector(caf::local_actor& parent, config::network_settings settings,
                                        const node_context& node);

} // namespace switchyard
