#pragma once

#include "actors/interfaces.hpp"

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the connection manager, which keeps the pool table of every connector.
connection_manager_actor spawn_connection_manager(caf::local_actor& parent);

} // namespace switchyard
