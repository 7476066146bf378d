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
#include "actors/network_catalog.hpp"
#include "actors/network_change.hpp"
#include "actors/observer.hpp"
#include "actors/relay.hpp"
#include "actors/router.hpp"
#include "actors/tree_path.hpp"
#include "supervision/supervisor.hpp"

#include "caf/all.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

namespace switchyard {

namespace {

namespace sv = supervision;

sv::child_spec listener_spec(const node_context& node, const config::listener_settings& l) {
  return {l.name, [node, l](caf::local_actor& sup) {
            return caf::actor_cast<caf::actor>(spawn_listener(sup, node, l));
          }};
}

// The connector supervisor starts empty; its start function adds one connector per network
// this node hosts now (the catalog's, runtime changes included), so a restarted connector
// supervisor brings them all back.
sv::child_spec connectors_spec(const node_context& node) {
  sv::child_spec spec{
    "connectors", [node](caf::local_actor& parent) {
      auto sup = sv::spawn_dynamic_supervisor(
        parent, {"connectors", sv::strategy::one_for_one, {10, std::chrono::seconds(10)}});
      directory::enter(parent.system(), directory::connectors, sup);
      for (const auto& network : *node.catalog->networks())
        if (hosts_network(node, network))
          caf::anon_send(sup, sv::start_child_atom_v, connector_child(node, network));
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
  return {"cluster", [node, endpoint, incarnation](caf::local_actor& sup) {
            const auto& s = *node.settings;
            // Peers dial the address on the card: a wildcard bind address reaches nothing
            // elsewhere.
            const auto& host = s.cluster.advertise_address.empty() ? s.node.cluster_address
                                                                   : s.cluster.advertise_address;
            if (host == "0.0.0.0" || host == "::")
              log(log_level::warn, "cluster",
                  "node.cluster_address " + host
                    + " is a wildcard: peers on other hosts cannot dial it; set [cluster] "
                      "advertise_address to the address they reach this node at");
            member_card card{s.node.name, host, endpoint->port(), incarnation, {}, 0, {}};
            card.definitions = node.catalog->definitions();
            auto cluster = spawn_cluster(sup, node, std::move(card));
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
                        return caf::actor_cast<caf::actor>(spawn_health_monitor(sup, node.catalog));
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

// The listeners and the networks this node hosts: each reports its first start.
std::set<std::string> start_keys(const config::gateway_settings& s) {
  std::set<std::string> keys;
  for (const auto& l : s.listeners)
    keys.insert(config_key("listeners", s.listeners, l.name));
  for (const auto& network : s.networks)
    if (network.node.empty() || network.node == s.node.name)
      keys.insert(config_key("networks", s.networks, network.name));
  return keys;
}

// CAF says only "cannot_open_port": a bind of our own on the same address asks the kernel why.
int bind_errno(const std::string& address, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &found) != 0)
    return EADDRNOTAVAIL;
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  int err = 0;
  if (fd < 0)
    err = errno;
  else if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0
           || ::bind(fd, found->ai_addr, found->ai_addrlen) != 0)
    err = errno;
  if (fd >= 0)
    ::close(fd);
  ::freeaddrinfo(found);
  return err;
}

std::string describe_publish_failure(const config::node_settings& n, const std::string& caf_error,
                                     bool cannot_open_port) {
  auto key = "node.cluster_port " + std::to_string(n.cluster_port) + " on " + n.cluster_address;
  if (!cannot_open_port)
    return key + ": the admin actor was not published: " + caf_error;
  auto err = bind_errno(n.cluster_address, n.cluster_port);
  if (err == EADDRINUSE)
    return key + " is in use by another process";
  return key + " cannot be opened: " + (err != 0 ? std::strerror(err) : caf_error.c_str());
}

} // namespace

node_start start_node(caf::actor_system& sys, const node_context& context) {
  auto node = context;
  if (!node.catalog)
    node.catalog = std::make_shared<network_catalog>(node.settings);
  serve_remote_changes(node);
  node.start = std::make_shared<start_barrier>(start_keys(*node.settings));
  const auto& settings = node.settings;
  auto endpoint = std::make_shared<admin_endpoint>(
    settings->node.cluster_address, settings->node.cluster_port, settings->cluster.tls.enabled);
  sv::supervisor_settings root{
    std::string{root_supervisor_name}, sv::strategy::one_for_one, {5, std::chrono::seconds(10)}};
  auto sup = sv::spawn_supervisor(sys, root, node_children(node, endpoint));
  directory::enter(sys, directory::node, sup);
  auto failed = [&](std::string error) {
    caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
    return node_start{std::nullopt, std::move(error)};
  };
  // A journal may be long to read: the bound only catches a start that hangs.
  if (auto error = node.start->await(std::chrono::seconds(30)))
    return failed(std::move(*error));
  auto port = endpoint->await_first(std::chrono::seconds(10));
  if (!port)
    return failed(describe_publish_failure(settings->node, sys.render(port.error()),
                                           port.error() == caf::sec::cannot_open_port));
  return node_start{running_node{sup, *port}, {}};
}

} // namespace switchyard
