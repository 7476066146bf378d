#pragma once

// An operator's change of the node's networks at runtime: add a network from a TOML snippet,
// update one, remove one. The change is validated like the configuration file, recorded in
// state_dir (so a restart starts with it), put into the node's catalog (the router, the
// health monitor and the cluster's card follow), and carried out by the connector
// supervisor: a new connector for an added network; for an updated one a new connector
// taking new traffic while the previous one drains; a removed one drains (in flight and
// owed reversals) and stops. A change of a network another member hosts is carried out there:
// this node spawns a change actor on that member (CAF remote spawn) and hands it the request,
// so the member's own connector supervisor starts or stops the connector.

#include "actors/node_context.hpp"

#include "caf/fwd.hpp"

namespace switchyard {

/// Spawns the actor that carries out one change: it takes one request, among
/// `(add_network_atom, snippet, node)`, `(update_network_atom, name, snippet)` and
/// `(remove_network_atom, name)`, answers with a sentence or an error naming what is wrong,
/// and quits.
caf::actor spawn_network_change(caf::local_actor& parent, const node_context& node);

/// The type name under which peers spawn a change actor on this node.
inline constexpr const char* network_change_type = "switchyard.network_change";

/// Lets peers spawn change actors here (call before the actor system starts).
void add_network_change_type(caf::actor_system_config& cfg);

/// Gives the change actors peers spawn the node's context (start_node calls it): a remote
/// spawn carries only a message, and a process runs one node.
void serve_remote_changes(const node_context& node);

/// Returns the node's effective configuration as TOML (`switchyard-shell config`): the file's
/// settings with the runtime changes, and the networks learned from peers as a comment.
std::string effective_configuration(const node_context& node);

} // namespace switchyard
