#pragma once

// Cross-node traffic. A listener on one node whose rule picks a network hosted on another
// hands its requests to that network's remote port: the port relays each batch a session
// forwards in one message to the hosting node's relay actor, which feeds them into the
// network's local port and sends the answers back, gathered into one message per I/O step.
// Requests in flight to a node that is lost are answered at once (relay_hub::fail_node).

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"

#include <memory>
#include <string>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

class network_port;

/// Spawns the node's relay actor.
relay_actor spawn_relay(caf::local_actor& parent, const node_context& node);

/// The way into `network`, hosted on node `host` whose admin actor is `host_admin`.
std::shared_ptr<network_port> make_remote_port(caf::actor_system& sys, const node_context& node,
                                               const config::network_settings& network,
                                               const std::string& host, caf::actor host_admin);

} // namespace switchyard
