#include "actors/admin.hpp"

#include "actors/directory.hpp"
#include "actors/event_history.hpp"
#include "actors/io/log.hpp"
#include "actors/network_catalog.hpp"
#include "actors/network_change.hpp"
#include "actors/route_test.hpp"
#include "actors/status_views.hpp"
#include "actors/tree_path.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <functional>

namespace switchyard {

namespace {

constexpr auto query_timeout = std::chrono::seconds(2);
// Events kept for watchers that come back, and watchers remembered while away.
constexpr std::size_t recent_event_count = 200;
constexpr std::size_t max_gone_watchers = 64;

struct admin_state {
  node_context node;
  std::shared_ptr<const config::gateway_settings> settings;
  std::chrono::steady_clock::time_point node_started;
  std::shared_ptr<route_board> routes;
  std::vector<caf::actor> watchers; ///< shells running `watch`, until they go away
  event_history events{recent_event_count, max_gone_watchers};
  static inline const char* name = "admin";
};

using admin_pointer = admin_actor::stateful_pointer<admin_state>;

node_status base_status(admin_pointer self) {
  node_status st;
  st.node = self->state.settings->node.name;
  st.version = SWITCHYARD_VERSION;
  st.uptime_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - self->state.node_started)
                   .count();
  st.cluster_port = self->state.settings->node.cluster_port;
  return st;
}

std::vector<actor_status> to_actor_statuses(const std::vector<supervision::child_status>& rows) {
  std::vector<actor_status> result;
  result.reserve(rows.size());
  for (const auto& row : rows)
    result.push_back(
      actor_status{row.path, row.state, row.restarts, row.actor_id, row.is_supervisor});
  return result;
}

// Asks the connector of `network` on this node for a sentence (an operator's command); a
// network hosted on another member is refused, naming that member and `what` is there.
template <class... Ts>
caf::result<std::string> ask_connector(admin_pointer self, const std::string& network,
                                       const char* what, Ts... xs) {
  auto row = self->state.node.catalog ? self->state.node.catalog->find(network) : nullptr;
  if (row && !row->node.empty() && row->node != self->state.settings->node.name)
    return caf::make_error(errc::invalid_request, "network " + network + " is hosted on node "
                                                    + row->node + ": " + what
                                                    + " are there (connect the shell to it)");
  auto rp = self->make_response_promise<std::string>();
  auto sup = directory::lookup<caf::actor>(self->system(), directory::connectors);
  self->request(sup, query_timeout, supervision::whereis_atom_v, network)
    .then(
      [self, rp, xs...](const caf::actor& connector) mutable {
        self->request(caf::actor_cast<connector_actor>(connector), query_timeout, xs...)
          .then([rp](std::string& text) mutable { rp.deliver(std::move(text)); },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
      },
      [rp, network](caf::error&) mutable {
        rp.deliver(caf::make_error(errc::unknown_network,
                                   "no connector of network '" + network + "' on this node"));
      });
  return rp;
}

caf::result<node_status> on_status(admin_pointer self) {
  auto rp = self->make_response_promise<node_status>();
  auto node = directory::lookup<caf::actor>(self->system(), directory::node);
  self->request(node, query_timeout, supervision::status_atom_v)
    .then(
      [self, rp](std::vector<supervision::child_status>& rows) mutable {
        auto st = base_status(self);
        st.actors = to_actor_statuses(rows);
        auto router = directory::lookup<router_actor>(self->system(), directory::router);
        self->request(router, query_timeout, networks_atom_v)
          .then(
            [rp, st](std::vector<network_status>& networks) mutable {
              st.networks = std::move(networks);
              rp.deliver(std::move(st));
            },
            [rp, st](caf::error&) mutable { rp.deliver(std::move(st)); });
      },
      [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

// Walks the supervision tree one segment at a time, asking each supervisor for the
// named child, and kills the last one: its supervisor restarts it.
void kill_at_path(admin_pointer self, caf::actor current, std::vector<std::string> segments,
                  std::size_t index, caf::typed_response_promise<std::string> rp) {
  self->request(current, query_timeout, supervision::whereis_atom_v, segments[index])
    .then(
      [=](const caf::actor& child) mutable {
        if (index + 1 < segments.size()) {
          kill_at_path(self, child, std::move(segments), index + 1, rp);
          return;
        }
        self->send_exit(child, caf::exit_reason::kill);
        rp.deliver("killed " + join_tree_path(segments) + "; its supervisor restarts it");
      },
      [rp, segments](caf::error&) mutable {
        rp.deliver(caf::make_error(errc::unknown_actor, join_tree_path(segments)));
      });
}

caf::result<std::string> on_restart(admin_pointer self, const std::string& path) {
  auto segments = split_tree_path(path);
  if (segments.empty() && path.find_first_not_of('/') != std::string::npos)
    return caf::make_error(errc::invalid_request,
                           std::string{"'"} + path
                             + "' is the root of the tree: nothing above it restarts it; restart "
                               "one of its children (router, connectors/NAME, ...) or stop the "
                               "node with SIGTERM");
  if (segments.empty())
    return caf::make_error(errc::unknown_actor, path);
  auto rp = self->make_response_promise<std::string>();
  auto node = directory::lookup<caf::actor>(self->system(), directory::node);
  kill_at_path(self, node, std::move(segments), 0, rp);
  return rp;
}

// Names of the direct children in a supervisor's status rows (its own row comes first).
std::vector<std::string> child_names(const std::vector<supervision::child_status>& rows) {
  std::vector<std::string> names;
  if (rows.empty())
    return names;
  auto prefix = rows.front().path + "/";
  for (const auto& row : rows) {
    if (row.path.rfind(prefix, 0) != 0 || row.state != "running")
      continue;
    auto rest = row.path.substr(prefix.size());
    if (rest.find('/') == std::string::npos)
      names.push_back(rest);
  }
  return names;
}

// Asks every running child of the supervisor registered as `sup_name` for `Reply` and
// answers with what came back in time, each reply completed by `complete` when given.
template <class Reply, class Handle, class Atom>
void ask_children(admin_pointer self, caf::atom_value sup_name, Atom atom,
                  caf::typed_response_promise<std::vector<Reply>> rp,
                  std::function<void(Reply&)> complete = {}) {
  auto sup = directory::lookup<caf::actor>(self->system(), sup_name);
  self->request(sup, query_timeout, supervision::status_atom_v)
    .then(
      [=](const std::vector<supervision::child_status>& rows) mutable {
        auto names = child_names(rows);
        auto results = std::make_shared<std::vector<Reply>>();
        auto left = std::make_shared<std::size_t>(names.size());
        auto done = [rp, results, left]() mutable {
          if (--*left == 0)
            rp.deliver(std::move(*results));
        };
        if (names.empty())
          rp.deliver(std::vector<Reply>{});
        for (const auto& name : names)
          self->request(sup, query_timeout, supervision::whereis_atom_v, name)
            .then(
              [=](const caf::actor& child) mutable {
                self->request(caf::actor_cast<Handle>(child), query_timeout, atom)
                  .then(
                    [=](Reply& r) mutable {
                      if (complete)
                        complete(r);
                      results->push_back(std::move(r));
                      done();
                    },
                    [=](caf::error&) mutable { done(); });
              },
              [=](caf::error&) mutable { done(); });
      },
      [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
}

template <class Handle, class Atom>
auto ask(admin_pointer self, caf::atom_value name, Atom atom) {
  return self->delegate(directory::lookup<Handle>(self->system(), name), atom);
}

// Hands one network change to an actor of its own, which may wait for drains and peers
// while this actor goes on answering.
template <class... Ts>
caf::result<std::string> change_networks(admin_pointer self, Ts&&... xs) {
  if (!self->state.node.catalog)
    return caf::make_error(errc::not_ready, "this node cannot change its networks at runtime");
  auto rp = self->make_response_promise<std::string>();
  auto worker = spawn_network_change(*self, self->state.node);
  self->request(worker, std::chrono::minutes(5), std::forward<Ts>(xs)...)
    .then([rp](std::string& answer) mutable { rp.deliver(std::move(answer)); },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

// Stops every listener: each stops accepting and finishes the requests it read (bounded),
// while the node goes on serving its peers' relayed traffic; `restart listeners` brings them
// back, `shutdown` stops the node.
caf::result<std::string> on_drain(admin_pointer self) {
  auto rp = self->make_response_promise<std::string>();
  auto sup = directory::lookup<caf::actor>(self->system(), directory::listeners);
  if (!sup)
    return caf::make_error(errc::not_ready, "the listener supervisor is not running");
  self->request(sup, query_timeout, supervision::status_atom_v)
    .then(
      [self, rp, sup](const std::vector<supervision::child_status>& rows) mutable {
        auto names = child_names(rows);
        auto left = std::make_shared<std::size_t>(names.size());
        auto name = self->state.settings->node.name;
        auto text = "node " + name + " drained: " + std::to_string(names.size())
                    + " listener(s) stopped accepting and finished what they read; peers' "
                      "relayed traffic is still served (restart listeners to take traffic "
                      "again, shutdown to stop)";
        log(log_level::info, "admin", "drain requested from the shell");
        report_event(self->system(), "draining: listeners stop accepting");
        if (names.empty())
          rp.deliver(text);
        for (const auto& n : names)
          self->request(sup, std::chrono::minutes(2), supervision::stop_child_atom_v, n)
            .then(
              [rp, left, text](caf::ok_atom) mutable {
                if (--*left == 0)
                  rp.deliver(text);
              },
              [rp, left, text](caf::error&) mutable {
                if (--*left == 0)
                  rp.deliver(text);
              });
      },
      [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

// Stops the node in order (listeners drain first, as on SIGTERM) once the reply is out.
std::string on_shutdown(admin_pointer self) {
  auto node = directory::lookup<caf::actor>(self->system(), directory::node);
  log(log_level::info, "admin", "shutdown requested from the shell: stopping");
  caf::delayed_anon_send(node, std::chrono::milliseconds(100),
                         caf::exit_msg{caf::actor_addr{}, caf::exit_reason::user_shutdown});
  return "node " + self->state.settings->node.name + " stopping (listeners drain first)";
}

admin_actor::behavior_type admin(admin_pointer self, node_context node) {
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    auto& w = st.watchers;
    auto gone
      = std::remove_if(w.begin(), w.end(), [&](const auto& a) { return a.address() == dm.source; });
    if (gone != w.end())
      st.events.went_away(caf::to_string(dm.source));
    w.erase(gone, w.end());
  });
  self->state.node = node;
  self->state.settings = node.settings;
  self->state.node_started = node.started;
  self->state.routes = node.routes;
  return {
    [self](route_test_atom, const std::vector<std::string>& words) -> caf::result<std::string> {
      if (!self->state.routes)
        return caf::make_error(errc::not_ready, "no routes on this node");
      auto result = route_test(*self->state.routes->load(), words);
      if (!result.error.empty())
        return caf::make_error(errc::invalid_request, result.error);
      return result.account;
    },
    [self](set_status_atom a, std::string& network, std::string& mode) {
      return self->delegate(directory::lookup<router_actor>(self->system(), directory::router), a,
                            std::move(network), std::move(mode));
    },
    [self](shutdown_atom) { return on_shutdown(self); },
    [self](drain_atom) { return on_drain(self); },
    [self](add_network_atom a, std::string& snippet, std::string& target) {
      return change_networks(self, a, std::move(snippet), std::move(target));
    },
    [self](update_network_atom a, std::string& name, std::string& snippet) {
      return change_networks(self, a, std::move(name), std::move(snippet));
    },
    [self](remove_network_atom a, std::string& name) {
      return change_networks(self, a, std::move(name));
    },
    [self](reset_breaker_atom a, const std::string& network, const std::string& host) {
      return ask_connector(self, network, "its breakers", a, host);
    },
    [self](retry_owed_atom a, const std::string& network) {
      return ask_connector(self, network, "what it owes", a);
    },
    [self](config_atom) -> caf::result<std::string> {
      if (!self->state.node.catalog)
        return caf::make_error(errc::not_ready, "no network catalog on this node");
      return effective_configuration(self->state.node);
    },
    [self](reload_bins_atom a) { return ask<router_actor>(self, directory::router, a); },
    [self](watch_atom, caf::actor& watcher) -> caf::result<std::string> {
      if (!watcher)
        return caf::make_error(errc::invalid_request, "watch needs an actor to send events to");
      auto& watchers = self->state.watchers;
      if (std::none_of(watchers.begin(), watchers.end(),
                       [&](const auto& w) { return w.address() == watcher.address(); })) {
        self->monitor(watcher);
        // A watcher back after CAF took its link for lost gets the events it missed.
        for (auto& line : self->state.events.missed_by(caf::to_string(watcher.address())))
          caf::anon_send(watcher, event_atom_v, std::move(line));
        watchers.push_back(std::move(watcher));
      }
      return "watching node " + self->state.settings->node.name
             + ": membership, health and breaker events as they happen (Ctrl-C ends)";
    },
    [self](event_atom, std::string& text) {
      auto& st = self->state;
      auto line = "node " + st.settings->node.name + ": " + text;
      for (const auto& w : st.watchers)
        caf::anon_send(w, event_atom_v, line);
      st.events.record(std::move(line));
    },
    [self](node_status_atom) { return on_status(self); },
    [self](restart_atom, const std::string& path) { return on_restart(self, path); },
    [self](networks_atom a) { return ask<router_actor>(self, directory::router, a); },
    [self](join_atom a, member_card& card, caf::actor& joiner) {
      return self->delegate(directory::lookup<cluster_actor>(self->system(), directory::cluster), a,
                            std::move(card), std::move(joiner));
    },
    [self](members_atom a, std::vector<member_card>& cards) {
      // A tell: the cluster actor takes it as if sent to it.
      self->delegate(directory::lookup<cluster_actor>(self->system(), directory::cluster), a,
                     std::move(cards));
    },
    [self](nodes_atom a) { return ask<cluster_actor>(self, directory::cluster, a); },
    [self](relay_atom a, std::string& network, std::vector<relay_item>& items,
           caf::actor& reply_to) {
      self->delegate(directory::lookup<relay_actor>(self->system(), directory::relay), a,
                     std::move(network), std::move(items), std::move(reply_to));
    },
    [self](health_atom a) { return ask<health_monitor_actor>(self, directory::health_monitor, a); },
    [self](pools_atom a) {
      return ask<connection_manager_actor>(self, directory::connection_manager, a);
    },
    [self](stats_atom a) {
      auto rp = self->make_response_promise<std::vector<connector_stats>>();
      ask_children<connector_stats, connector_actor>(self, directory::connectors, a, rp);
      return rp;
    },
    [self](saf_atom a) {
      auto rp = self->make_response_promise<std::vector<saf_report>>();
      ask_children<saf_report, connector_actor>(self, directory::connectors, a, rp);
      return rp;
    },
    [self](listeners_atom) {
      auto rp = self->make_response_promise<std::vector<listener_status>>();
      // From the configured file: what the listener loads whenever it (re)starts.
      auto settings = self->state.settings;
      ask_children<listener_status, listener_actor>(
        self, directory::listeners, describe_atom_v, rp, [settings](listener_status& s) {
          s.cert_not_after = listener_cert_not_after(*settings, s.name);
        });
      return rp;
    },
  };
}

} // namespace

void report_event(caf::actor_system& sys, std::string text) {
  if (auto admin = directory::lookup<admin_actor>(sys, directory::admin))
    caf::anon_send(admin, event_atom_v, std::move(text));
}

admin_actor spawn_admin(caf::local_actor& parent, const node_context& node) {
  return parent.spawn(admin, node);
}

} // namespace switchyard
