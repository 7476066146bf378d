#include "supervision/supervisor.hpp"

#include "supervision/supervisor_actor.hpp"

#include "caf/actor_system.hpp"
#include "caf/local_actor.hpp"

#include <utility>

namespace switchyard::supervision {

caf::actor spawn_supervisor(caf::actor_system& sys, supervisor_settings settings,
                            std::vector<child_spec> children) {
  return sys.spawn<supervisor_actor>(std::move(settings), std::move(children), false);
}

caf::actor spawn_dynamic_supervisor(caf::actor_system& sys, supervisor_settings settings) {
  return sys.spawn<supervisor_actor>(std::move(settings), std::vector<child_spec>{}, true);
}

caf::actor spawn_supervisor(caf::local_actor& parent, supervisor_settings settings,
                            std::vector<child_spec> children) {
  return parent.spawn<supervisor_actor>(std::move(settings), std::move(children), false);
}

caf::actor spawn_dynamic_supervisor(caf::local_actor& parent, supervisor_settings settings) {
  return parent.spawn<supervisor_actor>(std::move(settings), std::vector<child_spec>{}, true);
}

} // namespace switchyard::supervision
