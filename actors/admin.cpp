#include "actors/admin.hpp"

#include "actors/directory.hpp"
#include "actors/tree_path.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

constexpr auto query_timeout = std::chrono::seconds(2);

struct admin_state {
  std::shared_ptr<const config::gateway_settings> settings;
  std::chrono::steady_clock::time_point node_started;
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
  if (segments.empty())
    return caf::make_error(errc::unknown_actor, path);
  auto rp = self->make_response_promise<std::string>();
  auto node = directory::lookup<caf::actor>(self->system(), directory::node);
  kill_at_path(self, node, std::move(segments), 0, rp);
  return rp;
}

template <class Handle, class Atom>
auto ask(admin_pointer self, caf::atom_value name, Atom atom) {
  return self->delegate(directory::lookup<Handle>(self->system(), name), atom);
}

admin_actor::behavior_type admin(admin_pointer self,
                                 std::shared_ptr<const config::gateway_settings> settings,
                                 std::chrono::steady_clock::time_point node_started) {
  self->state.settings = std::move(settings);
  self->state.node_started = node_started;
  return {
    [self](node_status_atom) { return on_status(self); },
    [self](restart_atom, const std::string& path) { return on_restart(self, path); },
    [self](networks_atom a) { return ask<router_actor>(self, directory::router, a); },
    [self](health_atom a) { return ask<health_monitor_actor>(self, directory::health_monitor, a); },
    [self](pools_atom a) {
      return ask<connection_manager_actor>(self, directory::connection_manager, a);
    },
  };
}

} // namespace

admin_actor spawn_admin(caf::local_actor& parent,
                        std::shared_ptr<const config::gateway_settings> settings,
                        std::chrono::steady_clock::time_point node_started) {
  return parent.spawn(admin, std::move(settings), node_started);
}

} // namespace switchyard
