#include "actors/connector.hpp"

#include "actors/connector_reports.hpp"
#include "actors/directory.hpp"
#include "actors/io/log.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/protocols.hpp"
#include "actors/status_views.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

// The connector owns its network's data path (on the I/O threads) and is its face to the
// node: it starts and stops it, registers its port, reports its pools and health, and
// answers the shell's questions from the numbers the data path publishes.
struct connector_state {
  config::network_settings settings;
  std::shared_ptr<network_path> path;   // null: the protocol has no data path in this build
  std::shared_ptr<network_tally> tally; // the node's: outlives this incarnation
  static inline const char* name = "connector";
};

using connector_pointer = connector_actor::stateful_pointer<connector_state>;

// Health verdicts arrive on the data path's threads: hand them to the connector, which
// tells the health monitor (and stops telling it once it has exited).
class health_relay final : public network_events {
public:
  explicit health_relay(connector_actor c) : connector_(std::move(c)) {}

  void on_health(bool ok, std::string detail, bool decisive) override {
    caf::anon_send(connector_, outcome_atom_v, ok, std::move(detail), decisive);
  }

private:
  connector_actor connector_;
};

void report_health(connector_pointer self, bool ok, std::string detail, bool decisive) {
  auto& sys = self->system();
  if (auto hm = directory::lookup<health_monitor_actor>(sys, directory::health_monitor))
    self->send(hm, outcome_atom_v, self->state.settings.name, ok, std::move(detail), decisive);
}

void report_pools(connector_pointer self) {
  auto& st = self->state;
  auto rows = make_initial_pools(st.settings);
  if (st.path) {
    auto numbers = st.path->numbers();
    for (std::size_t h = 0; h < rows.size() && h < numbers.hosts.size(); ++h) {
      const auto& host = numbers.hosts[h];
      rows[h].open = host.up;
      rows[h].busy = host.busy;
      rows[h].opened = host.opened;
      rows[h].closed = host.closed;
      rows[h].recycled = host.recycled;
      rows[h].breaker = core::to_string(host.breaker);
    }
  }
  switchyard::report_pools(self->system(), std::move(rows));
  self->delayed_send(self, pool_report_interval, caf::tick_atom_v);
}

network_counts counts_of(const network_numbers& n) {
  return {n.requests,        n.responses, n.timeouts,   n.unavailable,       n.rejected,   n.late,
          n.upstream_errors, n.remapped,  n.duplicates, n.refused_financial, n.undelivered};
}

connector_stats make_stats(const connector_state& st) {
  connector_stats s;
  s.network = st.settings.name;
  if (!st.path)
    return s;
  auto n = st.path->numbers();
  s.links = n.links;
  s.links_up = n.links_up;
  // The network's counters since the node started, across this connector's restarts.
  auto c = st.tally ? st.tally->totals() : counts_of(n);
  s.requests = c.requests;
  s.responses = c.responses;
  s.timeouts = c.timeouts;
  s.unavailable = c.unavailable;
  s.rejected = c.rejected;
  s.late = c.late;
  s.remapped = c.remapped;
  s.in_flight = n.in_flight;
  s.reversals_pending = n.owed;
  s.reversals_acknowledged = n.acknowledged;
  s.duplicates = c.duplicates;
  s.refused_financial = c.refused_financial;
  s.undelivered = c.undelivered;
  s.upstream_errors = c.upstream_errors;
  s.alarms = std::move(n.alarms);
  const auto& buckets = n.latency.buckets();
  s.latency_buckets.assign(buckets.begin(), buckets.end());
  s.latency_sum_s = n.latency.sum_seconds();
  return s;
}

saf_report make_saf(const connector_state& st) {
  saf_report r;
  r.network = st.settings.name;
  if (!st.path)
    return r;
  auto n = st.path->numbers();
  r.journal = std::move(n.journal);
  r.quarantined = n.quarantined;
  r.owed = n.owed;
  r.acknowledged = n.acknowledged;
  r.refused_by_issuer = n.refused_by_upstream;
  r.alarms = std::move(n.alarms);
  for (auto& o : n.owed_rows)
    r.rows.push_back(
      {o.id, std::move(o.kind), o.attempts, o.due_in_ms, o.in_flight, std::move(o.summary)});
  return r;
}

bool fail(connector_pointer self, const node_context& node, const std::string& error) {
  const auto& name = self->state.settings.name;
  auto key = config_key("networks", node.settings->networks, name);
  // At the node's start the failure stops the start as one line; later it is a restart's.
  if (!node.start || !node.start->failed(key, key + " " + error))
    log(log_level::error, name, error);
  self->quit(caf::make_error(errc::invalid_request, error));
  return false;
}

// Makes the data path, puts its port where the router finds it and announces the connector
// before starting it: starting may wait (a journal's predecessor letting go), and requests
// meanwhile wait for a first link like at any start.
bool start(connector_pointer self, const node_context& node) {
  auto& st = self->state;
  const auto& name = st.settings.name;
  const auto& factory = protocol_factory_for(st.settings.protocol);
  if (node.tallies)
    st.tally = node.tallies->of(name);
  network_setup setup{st.settings,
                      node.io,
                      node.settings->node.state_dir,
                      node.state_cipher,
                      std::make_shared<health_relay>(connector_actor{self}),
                      st.tally};
  if (auto error = factory.make_network(setup, st.path); !error.empty())
    return fail(self, node, error);
  auto port = st.path->port();
  if (node.ports)
    node.ports->put(name, port);
  self->attach_functor([path = st.path, port, ports = node.ports, name] {
    if (ports)
      ports->erase(name, port.get());
    path->stop();
  });
  announce_connector(self->system(), name, connector_actor{self});
  withdraw_pools_on_exit(*self, name);
  if (auto error = st.path->start(); !error.empty())
    return fail(self, node, error);
  report_pools(self);
  if (node.start)
    node.start->started(config_key("networks", node.settings->networks, name));
  return true;
}

connector_actor::behavior_type connector(connector_pointer self, config::network_settings settings,
                                         node_context node) {
  self->state.settings = std::move(settings);
  start(self, node);
  return {
    [self](outcome_atom, bool ok, std::string& detail, bool decisive) {
      report_health(self, ok, std::move(detail), decisive);
    },
    [self](caf::tick_atom) { report_pools(self); },
    [self](stats_atom) { return make_stats(self->state); },
    [self](saf_atom) { return make_saf(self->state); },
    [self](describe_atom) {
      const auto& st = self->state;
      bool up = !st.path || st.path->numbers().links_up > 0;
      return make_network_status(st.settings, true, up);
    },
  };
}

} // namespace

connector_actor spawn_connector(caf::local_actor& parent, config::network_settings settings,
                                const node_context& node) {
  return parent.spawn(connector, std::move(settings), node);
}

} // namespace switchyard
