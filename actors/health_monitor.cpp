#include "actors/health_monitor.hpp"

#include "actors/directory.hpp"
#include "actors/network_catalog.hpp"
#include "core/health_tracker.hpp"

#include "caf/all.hpp"

#include <map>

namespace switchyard {

namespace {

struct network_verdict {
  explicit network_verdict(const config::health_check_settings& settings)
      : check(settings), tracker(settings) {}

  config::health_check_settings check;
  core::health_tracker tracker;
  std::uint64_t reports = 0;
  std::string last_detail;
};

struct health_monitor_state {
  std::shared_ptr<const network_catalog> catalog;
  std::map<std::string, network_verdict> networks;
  static inline const char* name = "health_monitor";
};

using monitor_pointer = health_monitor_actor::stateful_pointer<health_monitor_state>;

void tell_router(monitor_pointer self, const std::string& network, bool healthy) {
  if (auto r = directory::lookup<router_actor>(self->system(), directory::router))
    self->send(r, set_health_atom_v, network, healthy);
}

// A decisive outcome (a network's first connection up after none was) sets the status at
// once instead of counting toward the thresholds.
void on_outcome(monitor_pointer self, const std::string& network, bool ok, std::string detail,
                bool decisive) {
  // Networks added at runtime report before anyone configured their thresholds.
  auto [i, added] = self->state.networks.try_emplace(network, config::health_check_settings{});
  auto& verdict = i->second;
  ++verdict.reports;
  if (!ok)
    verdict.last_detail = std::move(detail);
  auto status = ok ? core::health_status::up : core::health_status::down;
  auto change = decisive ? verdict.tracker.force(status)
                : ok     ? verdict.tracker.record_success()
                         : verdict.tracker.record_failure();
  if (change != core::health_change::none)
    tell_router(self, network, verdict.tracker.is_up());
}

std::vector<network_health> report(const health_monitor_state& state) {
  std::vector<network_health> result;
  for (const auto& [name, verdict] : state.networks) {
    network_health row;
    row.network = name;
    row.healthy = verdict.tracker.is_up();
    row.consecutive_failures = verdict.tracker.consecutive_failures();
    row.consecutive_successes = verdict.tracker.consecutive_successes();
    row.reports = verdict.reports;
    row.last_detail = verdict.last_detail;
    result.push_back(std::move(row));
  }
  return result;
}

// Takes the catalog's networks: new ones start fresh, removed ones are forgotten, and one
// whose health check changed starts over under its new thresholds.
void reread(monitor_pointer self) {
  auto& known = self->state.networks;
  auto networks = self->state.catalog->networks();
  std::map<std::string, network_verdict> next;
  for (const auto& n : *networks) {
    auto old = known.find(n.name);
    if (old != known.end() && old->second.check == n.health_check)
      next.emplace(n.name, std::move(old->second));
    else
      next.emplace(n.name, n.health_check);
  }
  known = std::move(next);
}

health_monitor_actor::behavior_type health_monitor(monitor_pointer self,
                                                   std::shared_ptr<const network_catalog> catalog) {
  self->state.catalog = std::move(catalog);
  reread(self);
  return {
    [self](outcome_atom, const std::string& network, bool ok, std::string& detail) {
      on_outcome(self, network, ok, std::move(detail), false);
    },
    [self](outcome_atom, const std::string& network, bool ok, std::string& detail, bool decisive) {
      on_outcome(self, network, ok, std::move(detail), decisive);
    },
    [self](unregister_atom, const std::string& network) { self->state.networks.erase(network); },
    [self](catalog_atom) { reread(self); },
    [self](health_atom) { return report(self->state); },
  };
}

} // namespace

health_monitor_actor
spawn_health_monitor(caf::local_actor& parent,
                     std::shared_ptr<const config::gateway_settings> settings) {
  return spawn_health_monitor(parent, std::make_shared<const network_catalog>(std::move(settings)));
}

health_monitor_actor spawn_health_monitor(caf::local_actor& parent,
                                          std::shared_ptr<const network_catalog> catalog) {
  auto handle = parent.spawn(health_monitor, std::move(catalog));
  directory::enter(parent.system(), directory::health_monitor, handle);
  return handle;
}

} // namespace switchyard
