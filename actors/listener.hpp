#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the actor owning one ISO 8583 listener; it binds at once (an error is logged and
/// the actor fails, so its supervisor decides) and closes every session when it exits.
listener_actor spawn_iso_listener(caf::local_actor& parent, const node_context& node,
                                  config::listener_settings settings);

} // namespace switchyard
