#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"
#include "actors/route_board.hpp"
#include "config/settings.hpp"

#include <memory>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the connector of an ISO 8583 network: it keeps `pool_size` links per host on
/// the node's I/O threads, multiplexes exchanges onto them, and answers each exchange exactly once.
iso_connector_actor spawn_iso_connector(caf::local_actor& parent, config::network_settings settings,
                                        const node_context& node);

/// Returns a port that forwards exchanges to `connector` from any thread.
std::shared_ptr<network_port> make_iso_port(iso_connector_actor connector);

} // namespace switchyard
