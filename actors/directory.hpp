#pragma once

// Well-known names under which the node's singleton actors register themselves
// in CAF's actor registry, so a restarted actor is found by its siblings.

#include "caf/actor.hpp"
#include "caf/actor_registry.hpp"
#include "caf/actor_system.hpp"
#include "caf/atom.hpp"

namespace switchyard::directory {

inline constexpr caf::atom_value router = caf::atom("sy.router");
inline constexpr caf::atom_value connection_manager = caf::atom("sy.connmgr");
inline constexpr caf::atom_value health_monitor = caf::atom("sy.health");
inline constexpr caf::atom_value connectors = caf::atom("sy.conns");
inline constexpr caf::atom_value listeners = caf::atom("sy.listen");
inline constexpr caf::atom_value node = caf::atom("sy.node");
inline constexpr caf::atom_value admin = caf::atom("sy.admin");
inline constexpr caf::atom_value cluster = caf::atom("sy.cluster");
inline constexpr caf::atom_value relay = caf::atom("sy.relay");

/// Registers `handle` under `name`, replacing an earlier incarnation. Spawners call
/// this right after spawning, before the new actor runs, so siblings started next
/// already find it (an actor's own initialization runs later, on a worker).
template <class Handle>
void enter(caf::actor_system& sys, caf::atom_value name, const Handle& handle) {
  // The registry keeps the first entry of a name: erase the dead incarnation first.
  sys.registry().erase(name);
  sys.registry().put(name, handle);
}

/// Returns the actor registered under `name`, or an invalid handle.
template <class Handle>
Handle lookup(caf::actor_system& sys, caf::atom_value name) {
  return sys.registry().get<Handle>(name);
}

} // namespace switchyard::directory
