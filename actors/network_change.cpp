#include "actors/network_change.hpp"

#include "actors/admin.hpp"
#include "actors/connector.hpp"
#include "actors/directory.hpp"
#include "actors/interfaces.hpp"
#include "actors/io/log.hpp"
#include "actors/network_catalog.hpp"
#include "config/network_snippet.hpp"
#include "config/runtime_changes.hpp"
#include "config/settings_writer.hpp"
#include "supervision/supervision_messages.hpp"

#include "caf/all.hpp"
#include "caf/io/middleman.hpp"
#include "caf/io/middleman_actor.hpp"
#include "caf/openssl/manager.hpp"

#include <atomic>
#include <set>

namespace switchyard {

namespace {

constexpr auto step_timeout = std::chrono::seconds(10);
// A member applying a change may wait for a drain of its own (remove): give it that long.
constexpr auto forward_timeout = std::chrono::seconds(120);

using promise = caf::typed_response_promise<std::string>;

std::string join_errors(const std::vector<config::config_error>& errors) {
  std::string text;
  for (const auto& e : errors)
    text.append(text.empty() ? "" : "\n").append(config::to_string(e));
  return text;
}

caf::error refused(std::string why) {
  return caf::make_error(errc::invalid_request, std::move(why));
}

bool is_local(const node_context& node, const std::string& name) {
  return name.empty() || name == node.settings->node.name;
}

// The node's context for the change actors peers spawn here.
std::atomic<std::shared_ptr<const node_context>> remote_context;

// Spawns a change actor on member `member` (CAF remote spawn, through the cluster's TLS when
// it has one) and hands it the request, answering with its answer.
template <class... Ts>
void forward(caf::event_based_actor* self, const node_context& node, const std::string& member,
             promise rp, Ts... xs) {
  auto fail = [self, rp, member](caf::error err) mutable {
    if (err == caf::sec::request_timeout)
      err = refused("node " + member + " did not answer within "
                    + std::to_string(forward_timeout.count()) + " s");
    rp.deliver(std::move(err));
    self->quit();
  };
  auto cluster = directory::lookup<cluster_actor>(self->system(), directory::cluster);
  if (!cluster)
    return fail(refused("this node has no cluster actor to reach node " + member));
  auto broker = node.settings->cluster.tls.enabled ? self->system().openssl_manager().actor_handle()
                                                   : self->system().middleman().actor_handle();
  self->request(cluster, step_timeout, admin_of_atom_v, member)
    .then(
      [self, rp, broker, fail, xs...](const caf::actor& admin) mutable {
        self
          ->request(broker, step_timeout, caf::spawn_atom_v, admin.node(),
                    std::string{network_change_type}, caf::make_message(), std::set<std::string>{})
          .then(
            [self, rp, fail, xs...](caf::strong_actor_ptr& spawned) mutable {
              if (!spawned)
                return fail(refused("the member spawned no change actor"));
              self->request(caf::actor_cast<caf::actor>(spawned), forward_timeout, xs...)
                .then(
                  [self, rp](std::string& answer) mutable {
                    rp.deliver(std::move(answer));
                    self->quit();
                  },
                  [fail](caf::error& err) mutable { fail(std::move(err)); });
            },
            [fail](caf::error& err) mutable { fail(std::move(err)); });
      },
      [fail](caf::error& err) mutable { fail(std::move(err)); });
}

// The router, the health monitor and the cluster's card follow the catalog.
void announce_change(caf::event_based_actor* self, const std::string& text) {
  auto& sys = self->system();
  if (auto r = directory::lookup<router_actor>(sys, directory::router))
    self->send(r, catalog_atom_v);
  if (auto hm = directory::lookup<health_monitor_actor>(sys, directory::health_monitor))
    self->send(hm, catalog_atom_v);
  if (auto c = directory::lookup<cluster_actor>(sys, directory::cluster))
    self->send(c, definitions_atom_v);
  log(log_level::info, "admin", text);
  report_event(sys, text);
}

std::string persisted_where(const node_context& node) {
  const auto& dir = node.settings->node.state_dir;
  return dir.empty() ? "not kept across restarts: node.state_dir is not set"
                     : "recorded in " + config::runtime_changes_dir(dir);
}

// Holds network `name` for this change until the change actor ends; false (the promise
// refused) when another change of it is under way on this node.
bool hold(caf::event_based_actor* self, const node_context& node, promise& rp,
          const std::string& name) {
  if (!node.catalog->begin_change(name)) {
    rp.deliver(refused("a change of network " + name + " is under way on node "
                       + node.settings->node.name + ": try again when it has finished"));
    self->quit();
    return false;
  }
  self->attach_functor([catalog = node.catalog, name] { catalog->end_change(name); });
  return true;
}

void finish(caf::event_based_actor* self, promise rp, caf::expected<std::string> answer) {
  if (answer)
    rp.deliver(std::move(*answer));
  else
    rp.deliver(std::move(answer.error()));
  self->quit();
}

// Validates, records and applies a network put (add or update) on this node; the connector
// supervisor then starts its connector (after retiring the previous one, for an update).
void put_here(caf::event_based_actor* self, const node_context& node, promise rp,
              const std::string& snippet, config::snippet_mode mode, const std::string& name) {
  auto& catalog = *node.catalog;
  auto parsed = config::parse_network_snippet(snippet, "the snippet", *catalog.effective(), mode);
  if (!parsed.network)
    return finish(self, rp, refused(join_errors(parsed.errors)));
  auto network = std::move(*parsed.network);
  if (mode == config::snippet_mode::update && network.name != name)
    return finish(self, rp,
                  refused("the snippet defines network '" + network.name + "', not '" + name
                          + "': update-network keeps a network's name"));
  if (!is_local(node, network.node))
    return finish(self, rp,
                  refused("the snippet says node = \"" + network.node + "\" but node "
                          + node.settings->node.name + " was asked to host it"));
  if (!hold(self, node, rp, network.name))
    return;
  // Checked again under the hold: a change that ended meanwhile may have made it wrong.
  if (auto again
      = config::parse_network_snippet(snippet, "the snippet", *catalog.effective(), mode);
      !again.network)
    return finish(self, rp, refused(join_errors(again.errors)));
  if (auto error = config::record_network_put(node.settings->node.state_dir, network.name, snippet);
      !error.empty())
    return finish(self, rp, refused("not changed: " + error));
  catalog.put(network, snippet);
  bool added = mode == config::snippet_mode::add;
  auto what = "network " + network.name + (added ? " added" : " updated") + " on node "
              + node.settings->node.name;
  announce_change(self, what);
  auto sup = directory::lookup<caf::actor>(self->system(), directory::connectors);
  if (!sup)
    return finish(self, rp, refused(what + ", but the connector supervisor is not running"));
  auto start = [self, rp, sup, node, network, what, added](bool retired) mutable {
    self
      ->request(sup, step_timeout, supervision::start_child_atom_v, connector_child(node, network))
      .then(
        [self, rp, node, what, added, retired](const caf::actor&) mutable {
          finish(self, rp,
                 what
                   + (added     ? ": its connector started"
                      : retired ? ": a new connector takes its traffic while the previous "
                                  "one finishes what it has in flight"
                                : ": its connector started")
                   + " (" + persisted_where(node) + ")");
        },
        [self, rp, what](caf::error& err) mutable {
          finish(self, rp,
                 refused(what + " but its connector did not start: " + self->system().render(err)));
        });
  };
  if (added)
    return start(false);
  self->request(sup, step_timeout, supervision::retire_child_atom_v, name)
    .then([start](caf::ok_atom) mutable { start(true); },
          [start](caf::error&) mutable { start(false); }); // it was not running
}

// Withdraws network `name` here: recorded, out of the catalog (routes withdrawn here and, as
// the card changes, on the peers), then its connector drains and stops.
void remove_here(caf::event_based_actor* self, const node_context& node, promise rp,
                 const std::string& name) {
  auto& catalog = *node.catalog;
  if (!hold(self, node, rp, name))
    return;
  if (auto errors = config::validate_removal(*catalog.effective(), name); !errors.empty())
    return finish(self, rp, refused(join_errors(errors)));
  if (auto error = config::record_network_removal(node.settings->node.state_dir, name);
      !error.empty())
    return finish(self, rp, refused("not removed: " + error));
  catalog.remove(name);
  auto what = "network " + name + " removed from node " + node.settings->node.name;
  announce_change(self, what + " (routes withdrawn; draining)");
  auto sup = directory::lookup<caf::actor>(self->system(), directory::connectors);
  if (!sup)
    return finish(self, rp, what);
  auto stop = [self, rp, sup, name, what, node](std::string drained) mutable {
    self->request(sup, step_timeout, supervision::stop_child_atom_v, name)
      .then(
        [self, rp, what, drained, node](caf::ok_atom) mutable {
          finish(self, rp, what + ": " + drained + " (" + persisted_where(node) + ")");
        },
        [self, rp, what, drained](caf::error&) mutable {
          finish(self, rp, what + ": " + drained);
        });
  };
  self->request(sup, step_timeout, supervision::whereis_atom_v, name)
    .then(
      [self, stop](const caf::actor& connector) mutable {
        // Bounded by the connector itself (in flight, then owed advices): generous here.
        self->request(caf::actor_cast<connector_actor>(connector), forward_timeout, drain_atom_v)
          .then([stop](std::string& drained) mutable { stop(std::move(drained)); },
                [self, stop](caf::error& err) mutable {
                  stop("drain not confirmed (" + self->system().render(err) + ")");
                });
      },
      [stop](caf::error&) mutable { stop("its connector was not running"); });
}

// Where a network lives: its catalog row's node, this node when it names none.
std::string host_of(const node_context& node, const std::string& name) {
  auto row = node.catalog->find(name);
  return row && !row->node.empty() ? row->node : node.settings->node.name;
}

caf::behavior network_change(caf::event_based_actor* self, node_context node) {
  return {
    [self, node](add_network_atom, const std::string& snippet,
                 const std::string& target) -> caf::result<std::string> {
      auto rp = self->make_response_promise<std::string>();
      auto where = target;
      if (where.empty()) {
        // The snippet may name its node; read it as it would be read here.
        auto parsed = config::parse_network_snippet(
          snippet, "the snippet", *node.catalog->effective(), config::snippet_mode::add);
        if (parsed.network)
          where = parsed.network->node;
      }
      if (is_local(node, where))
        put_here(self, node, rp, snippet, config::snippet_mode::add, {});
      else
        forward(self, node, where, rp, add_network_atom_v, snippet, where);
      return rp;
    },
    [self, node](update_network_atom, const std::string& name,
                 const std::string& snippet) -> caf::result<std::string> {
      auto rp = self->make_response_promise<std::string>();
      if (!node.catalog->find(name)) {
        finish(self, rp,
               refused("no network '" + name + "' on node " + node.settings->node.name
                       + " or its members; add-network adds one"));
        return rp;
      }
      auto where = host_of(node, name);
      if (is_local(node, where))
        put_here(self, node, rp, snippet, config::snippet_mode::update, name);
      else
        forward(self, node, where, rp, update_network_atom_v, name, snippet);
      return rp;
    },
    [self, node](remove_network_atom, const std::string& name) -> caf::result<std::string> {
      auto rp = self->make_response_promise<std::string>();
      if (!node.catalog->find(name)) {
        finish(self, rp,
               refused("no network '" + name + "' on node " + node.settings->node.name
                       + " or its members"));
        return rp;
      }
      auto where = host_of(node, name);
      if (is_local(node, where))
        remove_here(self, node, rp, name);
      else
        forward(self, node, where, rp, remove_network_atom_v, name);
      return rp;
    },
  };
}

} // namespace

caf::actor spawn_network_change(caf::local_actor& parent, const node_context& node) {
  return parent.spawn(network_change, node);
}

void add_network_change_type(caf::actor_system_config& cfg) {
  cfg.add_actor_type(network_change_type, [](caf::event_based_actor* self) -> caf::behavior {
    auto node = remote_context.load();
    if (!node) {
      // Spawned before this node finished starting: every request is refused.
      return {[self](caf::message&) -> caf::result<std::string> {
        self->quit();
        return caf::make_error(errc::not_ready, "the node is still starting");
      }};
    }
    return network_change(self, *node);
  });
}

void serve_remote_changes(const node_context& node) {
  remote_context.store(std::make_shared<const node_context>(node));
}

std::string effective_configuration(const node_context& node) {
  auto effective = *node.catalog->effective();
  std::vector<config::network_settings> learned;
  std::erase_if(effective.networks, [&](const auto& n) {
    bool remote_runtime
      = !is_local(node, n.node)
        && std::none_of(node.settings->networks.begin(), node.settings->networks.end(),
                        [&](const auto& c) { return c.name == n.name; });
    if (remote_runtime)
      learned.push_back(n);
    return remote_runtime;
  });
  auto text = config::to_toml(effective);
  if (!learned.empty()) {
    text += "\n# Networks other members defined at runtime; this node routes their traffic to "
            "them:\n";
    for (const auto& n : learned)
      text += "#   " + n.name + " on node " + n.node + "\n";
  }
  return text;
}

} // namespace switchyard
