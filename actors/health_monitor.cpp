#include "actors/health_monitor.hpp"

#include "actors/directory.hpp"
#include "core/health_tracker.hpp"

#include "caf/all.hpp"

#include <map>

namespace switchyard {

namespace {

struct network_verdict {
  explicit network_verdict(const config::health_check_settings& check) : tracker(check) {}

  core::health_tracker tracker;
  std::uint64_t reports = 0;
  std::string last_detail;
};

struct health_monitor_state {
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

health_monitor_actor::behavior_type
health_monitor(monitor_pointer self, std::shared_ptr<const config::gateway_settings> settings) {
  for (const auto& n : settings->networks)
    self->state.networks.emplace(n.name, n.health_check);
  return {
    [self](outcome_atom, const std::string& network, bool ok, std::string& detail) {
      on_outcome(self, network, ok, std::move(detail), false);
    },
    [self](outcome_atom, const std::string& network, bool ok, std::string& detail, bool decisive) {
      on_outcome(self, network, ok, std::move(detail), decisive);
    },
    [self](unregister_atom, const std::string& network) { self->state.networks.erase(network); },
    [self](health_atom) { return report(self->state); },
  };
}

} // namespace

health_monitor_actor
spawn_health_monitor(caf::local_actor& parent,
                     std::shared_ptr<const config::gateway_settings> settings) {
  auto handle = parent.spawn(health_monitor, std::move(settings));
  directory::enter(parent.system(), directory::health_monitor, handle);
  return handle;
}

} // namespace switchyard
