#include "actors/connector_reports.hpp"

#include "actors/directory.hpp"

#include "caf/all.hpp"

namespace switchyard {

void announce_connector(caf::actor_system& sys, const std::string& network,
                        const connector_actor& connector) {
  if (auto r = directory::lookup<router_actor>(sys, directory::router))
    caf::anon_send(r, register_atom_v, network, connector);
}

void report_pools(caf::actor_system& sys, std::vector<pool_stats> rows) {
  if (auto cm = directory::lookup<connection_manager_actor>(sys, directory::connection_manager))
    for (auto& row : rows)
      caf::anon_send(cm, register_atom_v, std::move(row));
}

void withdraw_pools_on_exit(caf::local_actor& self, std::string network) {
  self.attach_functor([&sys = self.system(), network = std::move(network)] {
    if (auto cm = directory::lookup<connection_manager_actor>(sys, directory::connection_manager))
      caf::anon_send(cm, unregister_atom_v, network);
  });
}

} // namespace switchyard
