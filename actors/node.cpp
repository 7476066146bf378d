#include "actors/node.hpp"

#include "actors/admin.hpp"
#include "actors/connection_manager.hpp"
#include "actors/connector.hpp"
#include "actors/directory.hpp"
#include "actors/health_monitor.hpp"
#include "actors/router.hpp"
#include "actors/tree_path.hpp"
#include "supervision/supervisor.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

using settings_ptr = std::shared_ptr<const config::gateway_settings>;
namespace sv = supervision;

sv::child_spec connector_spec(const config::network_settings& network) {
  return {network.name, [network](caf::local_actor& sup) {
            return caf::actor_cast<caf::actor>(spawn_connector(sup, network));
          }};
}

// The connector supervisor starts empty; its start function adds one connector per
// configured network, so a restarted connector supervisor brings them all back.
sv::child_spec connectors_spec(settings_ptr settings) {
  sv::child_spec spec{
    "connectors", [settings](caf::local_actor& parent) {
      auto sup = sv::spawn_dynamic_supervisor(
        parent, {"connectors", sv::strategy::one_for_one, {10, std::chrono::seconds(10)}});
      directory::enter(parent.system(), directory::connectors, sup);
      for (const auto& network : settings->networks)
        caf::anon_send(sup, sv::start_child_atom_v, connector_spec(network));
      return sup;
    }};
  spec.is_supervisor = true;
  return spec;
}

sv::child_spec listeners_spec() {
  sv::child_spec spec{"listeners", [](caf::local_actor& parent) {
                        auto sup = sv::spawn_dynamic_supervisor(
                          parent,
                          {"listeners", sv::strategy::one_for_one, {10, std::chrono::seconds(10)}});
                        directory::enter(parent.system(), directory::listeners, sup);
                        return sup;
                      }};
  spec.is_supervisor = true;
  return spec;
}

sv::child_spec admin_spec(settings_ptr settings, std::shared_ptr<admin_endpoint> endpoint) {
  auto started = std::chrono::steady_clock::now();
  return {"admin", [settings, endpoint, started](caf::local_actor& sup) {
            auto admin = spawn_admin(sup, settings, started);
            endpoint->publish(sup.system(), admin);
            return caf::actor_cast<caf::actor>(admin);
          }};
}

std::vector<sv::child_spec> node_children(settings_ptr settings,
                                          std::shared_ptr<admin_endpoint> endpoint) {
  std::vector<sv::child_spec> children;
  children.push_back({"router", [settings](caf::local_actor& sup) {
                        return caf::actor_cast<caf::actor>(spawn_router(sup, settings));
                      }});
  children.push_back({"connection_manager", [](caf::local_actor& sup) {
                        return caf::actor_cast<caf::actor>(spawn_connection_manager(sup));
                      }});
  children.push_back({"health_monitor", [settings](caf::local_actor& sup) {
                        return caf::actor_cast<caf::actor>(spawn_health_monitor(sup, settings));
                      }});
  children.push_back(connectors_spec(settings));
  children.push_back(listeners_spec());
  children.push_back(admin_spec(settings, std::move(endpoint)));
  return children;
}

} // namespace

caf::expected<running_node> start_node(caf::actor_system& sys, settings_ptr settings) {
  auto endpoint
    = std::make_shared<admin_endpoint>(settings->node.cluster_address, settings->node.cluster_port);
  sv::supervisor_settings root{
    std::string{root_supervisor_name}, sv::strategy::one_for_one, {5, std::chrono::seconds(10)}};
  auto sup = sv::spawn_supervisor(sys, root, node_children(settings, endpoint));
  directory::enter(sys, directory::node, sup);
  auto port = endpoint->await_first(std::chrono::seconds(10));
  if (!port) {
    caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
    return std::move(port.error());
  }
  return running_node{sup, *port};
}

} // namespace switchyard
