#include "actors/connector.hpp"

#include "actors/admin.hpp"
#include "actors/connector_drain.hpp"
#include "actors/connector_reports.hpp"
#include "actors/directory.hpp"
#include "actors/io/log.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/io/route_board.hpp"
#include "actors/network_catalog.hpp"
#include "actors/protocols.hpp"
#include "actors/status_views.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

struct drain_watch;

// The connector owns its network's data path (on the I/O threads) and is its face to the
// node: it starts and stops it, registers its port, reports its pools and health, and
// answers the shell's questions from the numbers the data path publishes.
struct connector_state {
  config::network_settings settings;
  node_context node;
  std::shared_ptr<network_path> path;   // null: the protocol has no data path in this build
  std::shared_ptr<network_port> port;   // this incarnation's way in
  std::shared_ptr<network_tally> tally; // the node's: outlives this incarnation
  std::uint64_t generation = 0;         // of the settings in the node's catalog
  std::shared_ptr<drain_watch> drain;   // set while draining
  std::optional<std::chrono::steady_clock::time_point> start_deadline; // set while waiting
  static inline const char* name = "connector";
};

// Stopping with requests in flight would answer them "unavailable": a connector asked to
// stop (a network updated, removed, the node stopping) finishes them first (connector_drain
// decides when it may end); polled at this pace.
constexpr auto drain_poll = std::chrono::milliseconds(20);

std::chrono::milliseconds in_flight_bound(const config::network_settings& n) {
  auto longest = std::chrono::milliseconds(n.timeout_ms);
  for (const auto& [method, ms] : n.method_timeouts_ms)
    longest = std::max(longest, std::chrono::milliseconds(ms));
  return longest + std::chrono::seconds(2);
}

using connector_pointer_t = connector_actor::stateful_pointer<connector_state>;

// Whether a session or a relay can still hand this incarnation's port a new request. A
// network removed (generation 0) is routed while the router's snapshot names the port; one
// updated (another generation) also while the port directory, which relays read, names it
// (the successor has not put its own yet); a plain stop (the node stopping: its listeners
// stopped first) waits for nothing but what is in flight.
bool still_routed(const connector_state& st) {
  if (!st.port || !st.node.catalog)
    return false;
  auto generation = st.node.catalog->generation(st.settings.name);
  if (generation == st.generation)
    return false;
  if (st.node.routes) {
    auto snapshot = st.node.routes->load();
    for (const auto& p : snapshot->ports)
      if (p.get() == st.port.get())
        return true;
  }
  if (generation == 0 || !st.node.ports)
    return false;
  return st.node.ports->find(st.settings.name).get() == st.port.get();
}

using connector_pointer = connector_pointer_t;

// A drain under way and who waits for its end (with what it left behind).
struct drain_watch {
  connector_drain plan;
  std::function<void(std::string)> done;
};

void poll_drain(connector_pointer self) {
  auto& st = self->state;
  auto w = st.drain;
  if (!w)
    return;
  auto n = st.path ? st.path->numbers() : network_numbers{};
  drain_view view{still_routed(st),
                  st.node.catalog && st.node.catalog->generation(st.settings.name) != st.generation,
                  n.in_flight, n.owed, std::move(n.journal)};
  if (auto left = w->plan.step(std::chrono::steady_clock::now(), view)) {
    st.drain.reset();
    w->done(std::move(*left));
    return;
  }
  self->delayed_send(self, drain_poll, poll_atom_v);
}

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
      rows[h].breaker_opened = host.breaker_opened;
    }
  }
  switchyard::report_pools(self->system(), std::move(rows));
  self->delayed_send(self, pool_report_interval, caf::tick_atom_v);
}

connector_stats make_stats(const connector_state& st) {
  if (!st.path) {
    connector_stats none;
    none.network = st.settings.name;
    return none;
  }
  auto n = st.path->numbers();
  // The network's counters since the node started, across this connector's restarts.
  auto totals = st.tally ? st.tally->totals() : counts_of(n);
  return make_connector_stats(st.settings.name, std::move(n), totals);
}

saf_report make_saf(const connector_state& st) {
  return make_saf_report(st.settings.name, st.path ? st.path->numbers() : network_numbers{});
}

bool fail(connector_pointer self, const node_context& node, const std::string& error) {
  const auto& name = self->state.settings.name;
  auto key = config_key("networks", node.settings->networks, name);
  // At the node's start the failure stops the start as one line; later it is a restart's.
  if (!node.start || !node.start->failed(key, key + " " + error))
    log(log_level::error, name, log_fields::of_network(name), error);
  self->quit(caf::make_error(errc::invalid_request, error));
  return false;
}

// Starts the data path and tells whoever waits for the node's start.
void begin(connector_pointer self) {
  auto& st = self->state;
  st.start_deadline.reset();
  if (auto error = st.path->start(); !error.empty()) {
    fail(self, st.node, error);
    return;
  }
  report_pools(self);
  if (st.node.start)
    st.node.start->started(config_key("networks", st.node.settings->networks, st.settings.name));
}

// Makes the data path, puts its port where the router finds it and announces the connector
// before starting it: starting may wait (the connector of the network's previous settings
// letting go of its journal), and requests meanwhile wait for a first link like at any start.
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
  st.port = st.path->port();
  if (node.ports)
    node.ports->put(name, st.port);
  self->attach_functor([path = st.path, port = st.port, ports = node.ports, name] {
    if (ports)
      ports->erase(name, port.get());
    path->stop();
  });
  announce_connector(self->system(), name, connector_actor{self});
  withdraw_pools_on_exit(*self, name);
  if (st.path->may_start()) {
    begin(self);
    return true;
  }
  // The predecessor drains within its bound, then its supervisor kills it.
  st.start_deadline
    = std::chrono::steady_clock::now() + in_flight_bound(st.settings) + std::chrono::seconds(5);
  log(log_level::info, name, log_fields::of_network(name),
      "waiting for the previous connector of " + name + " to drain");
  self->delayed_send(self, drain_poll, poll_atom_v);
  return true;
}

void on_poll(connector_pointer self) {
  auto& st = self->state;
  if (st.start_deadline) {
    if (st.path->may_start() || std::chrono::steady_clock::now() >= *st.start_deadline)
      begin(self);
    else
      self->delayed_send(self, drain_poll, poll_atom_v);
  }
  if (st.drain)
    poll_drain(self);
}

// Starts draining; a drain under way gets `done` added to what it calls at its end.
void drain(connector_pointer self, bool wait_owed, std::function<void(std::string)> done) {
  auto& st = self->state;
  if (st.drain) {
    if (wait_owed)
      st.drain->plan.wait_for_owed();
    st.drain->done = [first = std::move(st.drain->done), done = std::move(done)](std::string left) {
      first(left);
      done(std::move(left));
    };
    return;
  }
  st.drain = std::make_shared<drain_watch>(drain_watch{
    connector_drain{std::chrono::steady_clock::now(), in_flight_bound(st.settings), wait_owed},
    std::move(done)});
  poll_drain(self);
}

// Closes the breaker of the host named "ADDRESS:PORT", or of every host when `host` is
// empty.
caf::result<std::string> reset_breakers(connector_pointer self, const std::string& host) {
  auto& st = self->state;
  std::vector<std::size_t> hosts;
  std::string named;
  for (std::size_t i = 0; i < st.settings.hosts.size(); ++i) {
    const auto& h = st.settings.hosts[i];
    auto text = h.address + ":" + std::to_string(h.port);
    if (!host.empty() && host != text)
      continue;
    hosts.push_back(i);
    named.append(named.empty() ? "" : ", ").append(text);
  }
  if (hosts.empty()) {
    std::string known;
    for (const auto& h : st.settings.hosts)
      known.append(known.empty() ? "" : ", ").append(h.address + ":" + std::to_string(h.port));
    return caf::make_error(errc::invalid_request, "network " + st.settings.name + " has no host "
                                                    + host + " (its hosts: " + known + ")");
  }
  if (!st.path)
    return caf::make_error(errc::not_ready, st.settings.name + " has no data path");
  st.path->reset_breakers(std::move(hosts));
  auto text = "breaker closed on " + named + " of network " + st.settings.name;
  log(log_level::info, st.settings.name, log_fields::of_network(st.settings.name),
      "reset-breaker: " + text);
  report_event(self->system(), text + " (reset-breaker)");
  return text;
}

// Sends the advices the network owes that wait for their next attempt now.
caf::result<std::string> retry_owed(connector_pointer self) {
  auto& st = self->state;
  if (!st.path)
    return caf::make_error(errc::not_ready, st.settings.name + " has no data path");
  auto n = st.path->numbers();
  if (n.owed == 0)
    return "network " + st.settings.name + " owes no reversal advice";
  auto in_flight = std::min(n.owed_in_flight, n.owed);
  st.path->retry_owed();
  auto text = "network " + st.settings.name + ": " + std::to_string(n.owed - in_flight)
              + " owed advice(s) sent again now";
  if (in_flight > 0)
    text.append("; " + std::to_string(in_flight) + " in flight wait for their answer");
  log(log_level::info, st.settings.name, "saf: " + text);
  return text;
}

connector_actor::behavior_type connector(connector_pointer self, config::network_settings settings,
                                         node_context node, std::uint64_t generation) {
  self->state.settings = std::move(settings);
  self->state.node = node;
  self->state.generation = generation;
  // Asked to stop (user_shutdown from its supervisor), it finishes what is in flight first.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    if (!msg.reason || msg.reason == caf::exit_reason::normal)
      return;
    drain(self, false, [self, reason = msg.reason](const std::string& left) {
      if (!left.empty())
        log(log_level::warn, self->state.settings.name,
            log_fields::of_network(self->state.settings.name), "stopped with " + left);
      self->quit(reason);
    });
  });
  start(self, node);
  return {
    [self](outcome_atom, bool ok, std::string& detail, bool decisive) {
      report_health(self, ok, std::move(detail), decisive);
    },
    [self](caf::tick_atom) { report_pools(self); },
    [self](poll_atom) { on_poll(self); },
    [self](stats_atom) { return make_stats(self->state); },
    [self](saf_atom) { return make_saf(self->state); },
    [self](drain_atom) {
      auto rp = self->make_response_promise<std::string>();
      drain(self, true, [rp](std::string left) mutable {
        rp.deliver(left.empty() ? std::string{"drained"} : "drained with " + left);
      });
      return rp;
    },
    [self](reset_breaker_atom, const std::string& host) -> caf::result<std::string> {
      return reset_breakers(self, host);
    },
    [self](retry_owed_atom) { return retry_owed(self); },
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
  auto generation = node.catalog ? node.catalog->generation(settings.name) : 0;
  return parent.spawn(connector, std::move(settings), node, generation);
}

supervision::child_spec connector_child(const node_context& node,
                                        const config::network_settings& network) {
  supervision::child_spec spec{network.name, [network, node](caf::local_actor& sup) {
                                 return caf::actor_cast<caf::actor>(
                                   spawn_connector(sup, network, node));
                               }};
  spec.shutdown_timeout = in_flight_bound(network) + std::chrono::seconds(1);
  return spec;
}

bool hosts_network(const node_context& node, const config::network_settings& network) {
  return network.node.empty() || network.node == node.settings->node.name;
}

} // namespace switchyard
