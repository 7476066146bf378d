#pragma once

namespace caf {
class actor_system_config;
} // namespace caf

namespace switchyard {

/// Registers every message type, atom and error category of the cluster protocol;
/// every node and every shell calls it before creating its actor system.
void add_message_types(caf::actor_system_config& cfg);

} // namespace switchyard
