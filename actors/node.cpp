#include "actors/node.hpp"

#include "actors/admin.hpp"
#include "actors/cluster.hpp"
#include "actors/connection_manager.hpp"
#include "actors/connector.hpp"
#include "actors/directory.hpp"
#include "actors/health_monitor.hpp"
#include "actors/io/log.hpp"
#include "actors/io/route_board.hpp"
#include "actors/listener.hpp"
#include "actors/observer.hpp"
#include "actors/relay.hpp"
#include "actors/router.hpp"
#include "actors/tree_path.hpp"
#include "supervision/supervisor.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

namespace sv = supervision;

sv::child_spec connector_spec(const node_context& node, const config::network_settings& network) {
  return {network.name, [network, node](caf::local_actor& sup) {
            return caf::actor_cast<caf::actor>(spawn_connector(sup, network, node));
          }};
}

sv::child_spec listener_spec(const node_context& node, const config::listener_settings& l) {
  return {l.name, [node, l](caf::local_actor& sup) {
            return caf::actor_cast<caf::actor>(spawn_listener(sup, node, l));
          }};
}

// The connector supervisor starts empty; its start function adds one connector per
// configured network, so a restarted connector supervisor brings them all back.
sv::child_spec connectors_spec(const node_context& node) {
  sv::child_spec spec{
    "connectors", [node](caf::local_actor& parent) {
      auto sup = sv::spawn_dynamic_supervisor(
        parent, {"connectors", sv::strategy::one_for_one, {10, std::chrono::seconds(10)}});
      directory::enter(parent.system(), directory::connectors, sup);
      for (const auto& network : node.settings->networks)
        if (network.node.empty() || network.node == node.settings->node.name)
          caf::anon_send(sup, sv::start_child_atom_v, connector_spec(node, network));
      return sup;
    }};
  spec.is_supervisor = true;
  return spec;
}

sv::child_spec listeners_spec(const node_context& node) {
  sv::child_spec spec{"listeners", [node](caf::local_actor& parent) {
                        auto sup = sv::spawn_dynamic_supervisor(
                          parent,
                          {"listeners", sv::strategy::one_for_one, {10, std::chrono::seconds(10)}});
                        directory::enter(parent.system(), directory::listeners, sup);
                        for (const auto& l : node.settings->listeners)
                          caf::anon_send(sup, sv::start_child_atom_v, listener_spec(node, l));
                        return sup;
                      }};
  spec.is_supervisor = true;
  return spec;
}

sv::child_spec admin_spec(const node_context& node, std::shared_ptr<admin_endpoint> endpoint) {
  return {"admin", [node, endpoint](caf::local_actor& sup) {
            auto admin = spawn_admin(sup, node);
            directory::enter(sup.system(), directory::admin, admin);
            endpoint->publish(sup.system(), admin);
            return caf::actor_cast<caf::actor>(admin);
          }};
}

// Started after the admin actor, whose port peers dial: its card names that port. The card
// keeps the node's incarnation across restarts of the cluster actor, so peers do not take
// such a restart for a new node.
sv::child_spec cluster_spec(const node_context& node, std::shared_ptr<admin_endpoint> endpoint,
                            std::uint64_t incarnation) {
  return {
    "cluster", [node, endpoint, incarnation](caf::local_actor& sup) {
      const auto& s = *node.settings;
      member_card card{s.node.name, s.node.cluster_address, endpoint->port(), incarnation, {}};
      for (const auto& network : s.networks)
        if (network.node.empty() || network.node == s.node.name)
          card.networks.push_back(network.name);
      auto cluster = spawn_cluster(sup, node.settings, std::move(card));
      directory::enter(sup.system(), directory::cluster, cluster);
      return caf::actor_cast<caf::actor>(cluster);
    }};
}

std::vector<sv::child_spec> node_children(const node_context& node,
                                          std::shared_ptr<admin_endpoint> endpoint) {
  std::vector<sv::child_spec> children;
  children.push_back({"router", [node](caf::local_actor& sup) {
                        return caf::actor_cast<caf::actor>(spawn_router(sup, node));
                      }});
  children.push_back({"connection_manager", [](caf::local_actor& sup) {
                        return caf::actor_cast<caf::actor>(spawn_connection_manager(sup));
                      }});
  children.push_back({"health_monitor", [node](caf::local_actor& sup) {
                        return caf::actor_cast<caf::actor>(
                          spawn_health_monitor(sup, node.settings));
                      }});
  children.push_back(connectors_spec(node));
  children.push_back(listeners_spec(node));
  if (node.relays)
    children.push_back({"relay", [node](caf::local_actor& sup) {
                          return caf::actor_cast<caf::actor>(spawn_relay(sup, node));
                        }});
  children.push_back(admin_spec(node, endpoint));
  auto incarnation = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  children.push_back(cluster_spec(node, std::move(endpoint), incarnation));
  if (node.admin_pages) {
    auto listeners = node.settings->listeners.size();
    children.push_back({"observer", [node, listeners](caf::local_actor& sup) {
                          return spawn_observer(sup, node.admin_pages, listeners);
                        }});
  }
  return children;
}

} // namespace

caf::expected<running_node> start_node(caf::actor_system& sys, const node_context& node) {
  const auto& settings = node.settings;
  auto endpoint = std::make_shared<admin_endpoint>(
    settings->node.cluster_address, settings->node.cluster_port, settings->cluster.tls.enabled);
  sv::supervisor_settings root{
    std::string{root_supervisor_name}, sv::strategy::one_for_one, {5, std::chrono::seconds(10)}};
  auto sup = sv::spawn_supervisor(sys, root, node_children(node, endpoint));
  directory::enter(sys, directory::node, sup);
  auto port = endpoint->await_first(std::chrono::seconds(10));
  if (!port) {
    caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
    return std::move(port.error());
  }
  return running_node{sup, *port};
}

} // namespace switchyard
