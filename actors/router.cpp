#include "actors/router.hpp"

#include "actors/directory.hpp"
#include "actors/network_table.hpp"
#include "actors/status_views.hpp"

#include "caf/all.hpp"

#include <map>
#include <optional>

namespace switchyard {

namespace {

struct router_state {
  std::optional<network_table> table;
  std::map<std::string, connector_actor> connectors;
  static inline const char* name = "router";
};

using router_pointer = router_actor::stateful_pointer<router_state>;

void on_register(router_pointer self, const std::string& name, const connector_actor& c) {
  if (!self->state.table->connect(name))
    return;
  self->state.connectors[name] = c;
  self->monitor(c);
}

void on_connector_down(router_pointer self, const caf::down_msg& dm) {
  for (auto i = self->state.connectors.begin(); i != self->state.connectors.end(); ++i) {
    if (i->second.address() == dm.source) {
      self->state.table->disconnect(i->first);
      self->state.connectors.erase(i);
      return;
    }
  }
}

// A restarted router starts with an empty table: ask the connector supervisor
// for the connectors that are already running instead of waiting for them.
void discover_connectors(router_pointer self) {
  auto sup = directory::lookup<caf::actor>(self->system(), directory::connectors);
  if (!sup)
    return;
  for (const auto& [name, row] : self->state.table->entries()) {
    self->request(sup, std::chrono::seconds(2), supervision::whereis_atom_v, name)
      .then(
        [self, name = name](const caf::actor& child) {
          on_register(self, name, caf::actor_cast<connector_actor>(child));
        },
        [](const caf::error&) {});
  }
}

// Health verdicts are only sent on change: a restarted router asks for the current ones.
void relearn_health(router_pointer self) {
  auto monitor = directory::lookup<health_monitor_actor>(self->system(), directory::health_monitor);
  if (!monitor)
    return;
  self->request(monitor, std::chrono::seconds(2), health_atom_v)
    .then(
      [self](const std::vector<network_health>& rows) {
        for (const auto& row : rows)
          self->state.table->set_healthy(row.network, row.healthy);
      },
      [](const caf::error&) {});
}

router_actor::behavior_type router(router_pointer self,
                                   std::shared_ptr<const config::gateway_settings> settings) {
  self->state.table.emplace(settings->networks);
  self->set_down_handler([self](caf::down_msg& dm) { on_connector_down(self, dm); });
  discover_connectors(self);
  relearn_health(self);
  return {
    [self](register_atom, const std::string& name, const connector_actor& c) {
      on_register(self, name, c);
    },
    [self](unregister_atom, const std::string& name) {
      self->state.table->disconnect(name);
      self->state.connectors.erase(name);
    },
    [self](set_health_atom, const std::string& name, bool healthy) {
      self->state.table->set_healthy(name, healthy);
    },
    [self](networks_atom) { return make_network_statuses(*self->state.table); },
  };
}

} // namespace

router_actor spawn_router(caf::local_actor& parent,
                          std::shared_ptr<const config::gateway_settings> settings) {
  auto handle = parent.spawn(router, std::move(settings));
  directory::enter(parent.system(), directory::router, handle);
  return handle;
}

} // namespace switchyard
