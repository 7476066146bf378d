#include "actors/router.hpp"

#include "actors/admin.hpp"
#include "actors/directory.hpp"
#include "actors/io/log.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/io/relay_hub.hpp"
#include "actors/io/route_board.hpp"
#include "actors/member_definitions.hpp"
#include "actors/network_catalog.hpp"
#include "actors/network_table.hpp"
#include "actors/relay.hpp"
#include "actors/route_test.hpp"
#include "actors/status_views.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

namespace switchyard {

namespace {

// A member of the cluster up now, as its latest card describes it.
struct member_link {
  member_card card;
  caf::actor admin;
};

struct router_state {
  node_context node;
  std::shared_ptr<network_catalog> catalog;
  std::optional<network_table> table;
  std::optional<core::routing_table> rules;
  std::shared_ptr<route_board> board;
  std::shared_ptr<port_directory> directory_of_ports;
  std::vector<std::shared_ptr<network_tally>> tallies; // indexed like the table's networks
  std::map<std::string, connector_actor> connectors;
  std::map<std::string, std::shared_ptr<network_port>> ports;
  std::map<std::string, bool> monitor_verdicts; ///< the health monitor's latest, by network
  std::map<std::string, bool> overrides;        ///< set by an operator (set-status), by network
  std::vector<std::string> serving_told;        ///< what the cluster actor last heard is served
  std::map<std::string, member_link> members;   ///< members up, by name
  std::map<std::string, caf::actor_addr> remote_via; ///< remote ports: the admin each sends to
  std::map<std::string, std::vector<std::string>> definitions_seen; ///< by member
  static inline const char* name = "router";
};

using router_pointer = router_actor::stateful_pointer<router_state>;

// Sessions route with what is published here; a network is available while its
// connector runs and the health monitor calls it healthy.
bool is_remote(router_pointer self, const config::network_settings& n);

// Peers route to this node's networks while it serves them: the cluster actor puts the list
// on this node's card whenever it changes.
void tell_cluster(router_pointer self, const std::map<std::string, bool>& availability) {
  auto& st = self->state;
  std::vector<std::string> serving;
  for (const auto& [name, available] : availability)
    if (available && !is_remote(self, st.table->find(name)->settings))
      serving.push_back(name);
  if (serving == st.serving_told)
    return;
  if (auto cluster = directory::lookup<cluster_actor>(self->system(), directory::cluster)) {
    self->send(cluster, networks_atom_v, serving);
    st.serving_told = std::move(serving);
  }
}

void publish(router_pointer self) {
  auto& st = self->state;
  std::map<std::string, bool> availability;
  for (const auto& [name, row] : st.table->entries())
    availability[name] = row.connected && row.healthy;
  auto table = st.rules->with_availability(availability);
  std::vector<std::shared_ptr<network_port>> ports(table.size());
  for (std::size_t i = 0; i < table.size(); ++i)
    if (auto p = st.ports.find(std::string{table.name(i)}); p != st.ports.end())
      ports[i] = p->second;
  auto transforms = route_transforms(table, *st.table);
  st.board->store(std::make_shared<const route_snapshot>(
    route_snapshot{std::move(table), std::move(ports), st.tallies, std::move(transforms)}));
  tell_cluster(self, availability);
}

void on_register(router_pointer self, const std::string& name, const connector_actor& c) {
  auto& st = self->state;
  if (!st.table->connect(name))
    return;
  st.connectors[name] = c;
  // A connector puts its data-path port before it announces itself.
  if (auto port = st.directory_of_ports ? st.directory_of_ports->find(name) : nullptr)
    st.ports[name] = std::move(port);
  else
    st.ports.erase(name);
  self->monitor(c);
  publish(self);
}

void on_disconnect(router_pointer self, const std::string& name) {
  self->state.table->disconnect(name);
  self->state.connectors.erase(name);
  self->state.ports.erase(name);
  publish(self);
}

void on_connector_down(router_pointer self, const caf::down_msg& dm) {
  for (const auto& [name, handle] : self->state.connectors)
    if (handle.address() == dm.source)
      return on_disconnect(self, std::string{name});
}

// Whether `n` is hosted by another node of the cluster (its traffic is relayed there).
bool is_remote(router_pointer self, const config::network_settings& n) {
  return !n.node.empty() && n.node != self->state.node.settings->node.name;
}

// Remote networks are served through a remote port while their member is up and serves
// them; otherwise they are unavailable (their traffic goes to fallbacks). Returns whether
// anything changed.
bool refresh_remote(router_pointer self) {
  auto& st = self->state;
  bool changed = false;
  for (const auto& [name, row] : st.table->entries()) {
    if (!is_remote(self, row.settings))
      continue;
    auto m = st.members.find(row.settings.node);
    bool hosted = m != st.members.end() && st.node.relays
                  && std::find(m->second.card.networks.begin(), m->second.card.networks.end(), name)
                       != m->second.card.networks.end();
    if (hosted) {
      auto via = st.remote_via.find(name);
      if (via == st.remote_via.end() || via->second != m->second.admin.address()
          || !row.connected) {
        st.ports[name]
          = make_remote_port(self->system(), st.node, row.settings, m->first, m->second.admin);
        st.remote_via[name] = m->second.admin.address();
        st.table->connect(name);
        changed = true;
      }
    } else if (row.connected || st.ports.count(name) > 0) {
      st.ports.erase(name);
      st.remote_via.erase(name);
      st.table->disconnect(name);
      changed = true;
    }
  }
  return changed;
}

// Builds the table and the rules again from the catalog (a network added, updated, removed
// here or on a peer): what is known of the networks that stay (connected, health, ports) is
// kept, and what is known of the others is forgotten.
void rebuild(router_pointer self) {
  auto& st = self->state;
  auto networks = st.catalog->networks();
  network_table next{*networks};
  std::map<std::string, bool> keep;
  for (const auto& n : *networks) {
    keep[n.name] = true;
    const auto* old = st.table ? st.table->find(n.name) : nullptr;
    if (old == nullptr)
      continue;
    next.set_healthy(n.name, old->healthy);
    bool remote = is_remote(self, n);
    bool was_remote = is_remote(self, old->settings);
    if (old->connected && remote == was_remote && (!remote || n.node == old->settings.node))
      next.connect(n.name);
  }
  auto forget = [&](auto& map) {
    std::erase_if(map, [&](const auto& kv) { return keep.count(kv.first) == 0; });
  };
  forget(st.connectors);
  forget(st.ports);
  forget(st.remote_via);
  forget(st.monitor_verdicts);
  forget(st.overrides);
  st.table.emplace(std::move(next));
  auto bins = st.rules ? st.rules->bins() : nullptr;
  st.rules.emplace(*networks, bins);
  st.tallies.clear();
  if (st.node.tallies)
    for (std::size_t i = 0; i < st.rules->size(); ++i)
      st.tallies.push_back(st.node.tallies->of(std::string{st.rules->name(i)}));
  refresh_remote(self);
  publish(self);
}

// The networks this node routes to member `member`.
std::set<std::string> names_hosted_by(router_pointer self, const std::string& member) {
  std::set<std::string> names;
  for (const auto& n : *self->state.catalog->networks())
    if (n.node == member && is_remote(self, n))
      names.insert(n.name);
  return names;
}

// The networks a member defined at runtime (its card's definitions) are learned: their rules
// route here, their traffic goes to the member. A definition this node cannot use is logged.
bool learn_definitions(router_pointer self, const member_card& card) {
  auto& st = self->state;
  auto& seen = st.definitions_seen[card.name];
  if (seen == card.definitions)
    return false;
  seen = card.definitions;
  auto known = names_hosted_by(self, card.name);
  auto read = read_member_definitions(*st.catalog->effective(), card.name, card.definitions);
  for (const auto& why : read.unusable)
    log(log_level::warn, "router",
        "cannot route to a network node " + card.name + " defined: " + why);
  std::vector<std::string> ignored;
  bool changed = st.catalog->learn(card.name, std::move(read.usable), &ignored);
  // Watchers hear what the member's change means here.
  for (auto& event : definition_events(card.name, known, names_hosted_by(self, card.name)))
    report_event(self->system(), std::move(event));
  for (const auto& name : ignored)
    log(log_level::warn, "router",
        "node " + card.name + " defines network " + name
          + ", which this node knows otherwise: its own definition stays");
  return changed;
}

// A member came up (with its admin actor), sent a newer card, or was lost: the networks it
// hosts for this node become reachable through a remote port, or unavailable at once (their
// traffic goes to fallbacks) with every request in flight to it answered. Networks it defined
// at runtime keep their rules while it is lost: their traffic fails over the same way.
void on_member(router_pointer self, const member_card& card, const caf::actor& admin, bool up) {
  auto& st = self->state;
  if (up)
    st.members[card.name] = member_link{card, admin};
  else
    st.members.erase(card.name);
  if (up && learn_definitions(self, card))
    rebuild(self);
  else if (refresh_remote(self))
    publish(self);
  if (!up && st.node.relays)
    st.node.relays->fail_node(card.name, errc::upstream_unavailable);
}

// An operator marks a network healthy or unhealthy whatever the health monitor says, or
// hands it back to the monitor (auto).
caf::result<std::string> on_set_status(router_pointer self, const std::string& name,
                                       const std::string& mode) {
  auto& st = self->state;
  if (st.table->find(name) == nullptr)
    return caf::make_error(errc::unknown_network, "no network '" + name + "' on this node");
  if (mode != "healthy" && mode != "unhealthy" && mode != "auto")
    return caf::make_error(errc::invalid_request,
                           "set-status takes healthy, unhealthy or auto, not '" + mode + "'");
  bool healthy = mode == "healthy";
  if (mode == "auto") {
    st.overrides.erase(name);
    auto verdict = st.monitor_verdicts.find(name);
    healthy = verdict == st.monitor_verdicts.end() || verdict->second;
  } else {
    st.overrides[name] = healthy;
  }
  if (st.table->set_healthy(name, healthy)) {
    publish(self);
    report_event(self->system(), "network " + name + (healthy ? " healthy" : " unhealthy")
                                   + " (set-status " + mode + ")");
  }
  log(log_level::info, "router",
      "set-status " + name + " " + mode + ": " + (healthy ? "healthy" : "unhealthy"));
  return name + " is " + (healthy ? "healthy" : "unhealthy")
         + (mode == "auto" ? " (the health monitor decides again)"
                           : " until set-status " + name + " auto");
}

// The BIN tables to route with: a restarted router keeps those it published last (a reload
// may have replaced the ones loaded at start), a new one takes the node's.
std::shared_ptr<const core::bin_tables> initial_bins(const node_context& node) {
  if (node.routes)
    if (const auto& published = node.routes->load()->table.bins())
      return published;
  if (node.bins)
    return node.bins;
  auto loaded = core::load_bin_tables(*node.settings);
  for (const auto& e : loaded.errors)
    log(log_level::error, "router", "BIN table: " + config::to_string(e));
  return loaded.tables;
}

// Re-reads every BIN file and routes with the new tables from the next request on; a file
// with any problem leaves the tables in use as they are.
caf::result<std::string> on_reload_bins(router_pointer self) {
  auto& st = self->state;
  auto began = std::chrono::steady_clock::now();
  auto loaded = core::load_bin_tables(*st.catalog->effective());
  if (!loaded.errors.empty()) {
    std::string text = "BIN tables not reloaded (the tables in use stay): "
                       + std::to_string(loaded.errors.size()) + " error(s)";
    for (const auto& e : loaded.errors)
      text += "\n" + config::to_string(e);
    log(log_level::warn, "router", text);
    return caf::make_error(errc::invalid_request, std::move(text));
  }
  const auto& before = st.rules->bins();
  auto was = before ? core::count_ranges(*before) : 0;
  st.rules.emplace(*st.catalog->networks(), loaded.tables);
  publish(self);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                  - began)
              .count();
  auto text = "BIN tables reloaded: " + std::to_string(loaded.ranges) + " ranges from "
              + std::to_string(loaded.files) + " file(s) in " + std::to_string(ms)
              + " ms (before: " + std::to_string(was) + " ranges)";
  log(log_level::info, "router", text);
  return text;
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
        for (const auto& row : rows) {
          self->state.monitor_verdicts[row.network] = row.healthy;
          self->state.table->set_healthy(row.network, row.healthy);
        }
        publish(self);
      },
      [](const caf::error&) {});
}

router_actor::behavior_type router(router_pointer self, node_context node) {
  self->state.node = node;
  self->state.catalog
    = node.catalog ? node.catalog : std::make_shared<network_catalog>(node.settings);
  self->state.rules.emplace(std::vector<config::network_settings>{}, initial_bins(node));
  self->state.board = node.routes;
  self->state.directory_of_ports = node.ports;
  self->set_down_handler([self](caf::down_msg& dm) { on_connector_down(self, dm); });
  rebuild(self);
  discover_connectors(self);
  relearn_health(self);
  // Members up before this router started are told again.
  if (auto cluster = directory::lookup<cluster_actor>(self->system(), directory::cluster))
    self->send(cluster, member_atom_v);
  return {
    [self](register_atom, const std::string& name, const connector_actor& c) {
      on_register(self, name, c);
    },
    [self](unregister_atom, const std::string& name) { on_disconnect(self, name); },
    [self](set_health_atom, const std::string& name, bool healthy) {
      auto& st = self->state;
      st.monitor_verdicts[name] = healthy;
      // An operator's word stands until they hand the network back to the monitor.
      if (st.overrides.count(name) == 0 && st.table->set_healthy(name, healthy)) {
        publish(self);
        report_event(self->system(), "network " + name + (healthy ? " healthy" : " unhealthy")
                                       + " (health checks)");
      }
    },
    [self](set_status_atom, const std::string& name, const std::string& mode)
      -> caf::result<std::string> { return on_set_status(self, name, mode); },
    [self](member_atom, const member_card& card, const caf::actor& admin, bool up) {
      on_member(self, card, admin, up);
    },
    [self](catalog_atom) { rebuild(self); },
    [self](networks_atom) { return make_network_statuses(*self->state.table); },
    [self](reload_bins_atom) { return on_reload_bins(self); },
  };
}

} // namespace

router_actor spawn_router(caf::local_actor& parent, const node_context& node) {
  auto handle = parent.spawn(router, node);
  directory::enter(parent.system(), directory::router, handle);
  return handle;
}

} // namespace switchyard
