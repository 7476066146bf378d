// switchyard-shell: sends admin requests to a running node over CAF's middleman.

#include "actors/interfaces.hpp"
#include "actors/type_registry.hpp"
#include "tools/switchyard-shell/render.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace switchyard;

constexpr const char* usage = R"(usage: switchyard-shell --connect HOST:PORT COMMAND
commands:
  status           the node's supervision tree (state, restarts) and networks
  networks         configured networks: connector, health, rules, hosts
  health           health verdict per network
  pools            connection pools per network host
  stats            traffic counters per network (requests, timeouts, late, remapped STANs)
  listeners        listeners: endpoint, connections, requests, format errors, rejections
  saf              reversal advices owed per network (card data masked), journal, alarms
  restart PATH     kill the actor at PATH (e.g. router, connectors/visa); its supervisor
                   restarts it
)";

constexpr auto timeout = std::chrono::seconds(5);

struct endpoint {
  std::string host;
  std::uint16_t port = 0;
};

std::optional<endpoint> parse_endpoint(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return std::nullopt;
  try {
    std::size_t used = 0;
    auto port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port == 0 || port > 65535)
      return std::nullopt;
    return endpoint{text.substr(0, colon), static_cast<std::uint16_t>(port)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void print(const std::string& text) {
  std::cout << text << "\n";
}

template <class T>
void print(const T& reply) {
  shell::render(std::cout, reply);
}

template <class Reply, class... Ts>
int ask_and_print(caf::actor_system& sys, const admin_actor& admin, Ts... xs) {
  caf::scoped_actor self{sys};
  int rc = 1;
  self->request(admin, timeout, xs...)
    .receive(
      [&](Reply& reply) {
        print(reply);
        rc = 0;
      },
      [&](caf::error& err) {
        std::cerr << "switchyard-shell: " << sys.render(err) << "\n";
        if (err == caf::sec::request_receiver_down)
          std::cerr << "switchyard-shell: the actor answering this is restarting; try again\n";
      });
  return rc;
}

int run_command(caf::actor_system& sys, const admin_actor& admin,
                const std::vector<std::string>& cmd) {
  const auto& name = cmd[0];
  if (name == "status" && cmd.size() == 1)
    return ask_and_print<node_status>(sys, admin, node_status_atom_v);
  if (name == "networks" && cmd.size() == 1)
    return ask_and_print<std::vector<network_status>>(sys, admin, networks_atom_v);
  if (name == "health" && cmd.size() == 1)
    return ask_and_print<std::vector<network_health>>(sys, admin, health_atom_v);
  if (name == "pools" && cmd.size() == 1)
    return ask_and_print<std::vector<pool_stats>>(sys, admin, pools_atom_v);
  if (name == "stats" && cmd.size() == 1)
    return ask_and_print<std::vector<connector_stats>>(sys, admin, stats_atom_v);
  if (name == "listeners" && cmd.size() == 1)
    return ask_and_print<std::vector<listener_status>>(sys, admin, listeners_atom_v);
  if (name == "saf" && cmd.size() == 1)
    return ask_and_print<std::vector<saf_report>>(sys, admin, saf_atom_v);
  if (name == "restart" && cmd.size() == 2)
    return ask_and_print<std::string>(sys, admin, restart_atom_v, cmd[1]);
  std::cerr << "switchyard-shell: unknown command or wrong arguments: " << name << "\n" << usage;
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  std::optional<endpoint> target;
  std::vector<std::string> command;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      return 0;
    }
    if (arg == "--connect" && i + 1 < argc) {
      target = parse_endpoint(argv[++i]);
      if (!target) {
        std::cerr << "switchyard-shell: --connect expects HOST:PORT, got '" << argv[i] << "'\n";
        return 2;
      }
    } else {
      command.push_back(arg);
    }
  }
  if (!target || command.empty()) {
    std::cerr << usage;
    return 2;
  }
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", std::size_t{1});
  cfg.load<caf::io::middleman>();
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  auto admin = sys.middleman().remote_actor<admin_actor>(target->host, target->port);
  if (!admin) {
    std::cerr << "switchyard-shell: cannot reach " << target->host << ":" << target->port << ": "
              << sys.render(admin.error()) << "\n";
    return 1;
  }
  return run_command(sys, *admin, command);
}
