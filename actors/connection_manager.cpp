#include "actors/connection_manager.hpp"

#include "actors/admin.hpp"
#include "actors/directory.hpp"
#include "actors/io/log.hpp"
#include "actors/pool_registry.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

struct connection_manager_state {
  pool_registry pools;
  static inline const char* name = "connection_manager";
};

using manager_pointer = connection_manager_actor::stateful_pointer<connection_manager_state>;

connection_manager_actor::behavior_type connection_manager(manager_pointer self) {
  return {
    [self](register_atom, pool_stats& row) {
      auto network = row.network;
      if (auto change = self->state.pools.upsert(std::move(row))) {
        log(log_level::info, network, *change);
        report_event(self->system(), std::move(*change));
      }
    },
    [self](unregister_atom, const std::string& network) {
      self->state.pools.remove_network(network);
    },
    [self](pools_atom) { return self->state.pools.rows(); },
  };
}

} // namespace

connection_manager_actor spawn_connection_manager(caf::local_actor& parent) {
  auto handle = parent.spawn(connection_manager);
  directory::enter(parent.system(), directory::connection_manager, handle);
  return handle;
}

} // namespace switchyard
