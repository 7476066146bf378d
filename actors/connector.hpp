#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"
#include "config/settings.hpp"
#include "supervision/child_spec.hpp"

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

/// How the connector supervisor starts (and restarts) the connector of `network`: asked to
/// stop, it first finishes what is in flight, up to the network's timeout and a margin.
supervision::child_spec connector_child(const node_context& node,
                                        const config::network_settings& network);

/// Whether this node runs the connector of `network` (it hosts it).
bool hosts_network(const node_context& node, const config::network_settings& network);

} // namespace switchyard
