#include "actors/connector.hpp"

#include "actors/connector_reports.hpp"
#include "actors/status_views.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

struct connector_state {
  config::network_settings settings;
  static inline const char* name = "connector";
};

using connector_pointer = connector_actor::stateful_pointer<connector_state>;

void report_pools(connector_pointer self) {
  switchyard::report_pools(self->system(), make_initial_pools(self->state.settings));
  self->delayed_send(self, pool_report_interval, caf::tick_atom_v);
}

connector_actor::behavior_type connector(connector_pointer self,
                                         config::network_settings settings) {
  self->state.settings = std::move(settings);
  announce_connector(self->system(), self->state.settings.name, connector_actor{self});
  report_pools(self);
  withdraw_pools_on_exit(*self, self->state.settings.name);
  return {
    [self](describe_atom) { return make_network_status(self->state.settings, true, true); },
    [self](caf::tick_atom) { report_pools(self); },
    [self](stats_atom) {
      connector_stats s;
      s.network = self->state.settings.name;
      return s;
    },
    [self](saf_atom) {
      saf_report r;
      r.network = self->state.settings.name;
      return r;
    },
  };
}

} // namespace

connector_actor spawn_connector(caf::local_actor& parent, config::network_settings settings) {
  return parent.spawn(connector, std::move(settings));
}

} // namespace switchyard
