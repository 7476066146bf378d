#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the actor owning one listener, whatever its protocol: it binds at once through
/// its protocol's factory (an error is logged and no actor is spawned, so its supervisor
/// decides), drains its sessions on a graceful stop and closes them when it exits. Returns
/// an invalid handle for a protocol without a data path in this build (logged).
listener_actor spawn_listener(caf::local_actor& parent, const node_context& node,
                              config::listener_settings settings);

} // namespace switchyard
