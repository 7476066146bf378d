#pragma once

#include "supervision/child_spec.hpp"
#include "supervision/supervision_errc.hpp"
#include "supervision/supervision_messages.hpp"

#include "caf/actor.hpp"
#include "caf/fwd.hpp"

#include <vector>

namespace switchyard::supervision {

/// Spawns a supervisor that starts `children` in order and restarts them per `settings`.
caf::actor spawn_supervisor(caf::actor_system& sys, supervisor_settings settings,
                            std::vector<child_spec> children);

/// Spawns a dynamic one_for_one supervisor whose children are added with `start_child_atom`.
caf::actor spawn_dynamic_supervisor(caf::actor_system& sys, supervisor_settings settings);

/// Spawns a supervisor from inside an actor (e.g. a start function), so it can be a child.
caf::actor spawn_supervisor(caf::local_actor& parent, supervisor_settings settings,
                            std::vector<child_spec> children);

/// Spawns a dynamic supervisor from inside an actor (e.g. a start function).
caf::actor spawn_dynamic_supervisor(caf::local_actor& parent, supervisor_settings settings);

} // namespace switchyard::supervision
