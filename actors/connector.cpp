#include "actors/connector.hpp"

#include "actors/directory.hpp"
#include "actors/status_views.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

struct connector_state {
  config::network_settings settings;
  static inline const char* name = "connector";
};

using connector_pointer = connector_actor::stateful_pointer<connector_state>;

constexpr auto pool_report_interval = std::chrono::seconds(1);

void report_pools(connector_pointer self) {
  auto& sys = self->system();
  if (auto cm = directory::lookup<connection_manager_actor>(sys, directory::connection_manager))
    for (auto& row : make_initial_pools(self->state.settings))
      self->send(cm, register_atom_v, std::move(row));
  self->delayed_send(self, pool_report_interval, caf::tick_atom_v);
}

void announce(connector_pointer self) {
  if (auto r = directory::lookup<router_actor>(self->system(), directory::router))
    self->send(r, register_atom_v, self->state.settings.name, connector_actor{self});
  report_pools(self);
}

// Whatever ends the connector, its pools are gone: tell the connection manager.
void withdraw_on_exit(connector_pointer self) {
  auto& sys = self->system();
  self->attach_functor([&sys, name = self->state.settings.name] {
    if (auto cm = directory::lookup<connection_manager_actor>(sys, directory::connection_manager))
      caf::anon_send(cm, unregister_atom_v, name);
  });
}

connector_actor::behavior_type connector(connector_pointer self,
                                         config::network_settings settings) {
  self->state.settings = std::move(settings);
  announce(self);
  withdraw_on_exit(self);
  return {
    [self](describe_atom) { return make_network_status(self->state.settings, true, true); },
    [self](caf::tick_atom) { report_pools(self); },
    [self](stats_atom) {
      connector_stats s;
      s.network = self->state.settings.name;
      return s;
    },
  };
}

} // namespace

connector_actor spawn_connector(caf::local_actor& parent, config::network_settings settings) {
  return parent.spawn(connector, std::move(settings));
}

} // namespace switchyard
