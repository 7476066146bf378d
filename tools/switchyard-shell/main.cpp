// switchyard-shell: sends admin requests to a running node over CAF's middleman.

#include "actors/interfaces.hpp"
#include "actors/type_registry.hpp"
#include "tools/switchyard-shell/render.hpp"
#include "tools/switchyard-shell/shell_errors.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"

#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace switchyard;

constexpr const char* usage
  = R"(usage: switchyard-shell --connect HOST:PORT [--timeout S] COMMAND [ARGS]
       switchyard-shell --connect HOST:PORT -c "COMMAND [ARGS]"
HOST:PORT is a node's cluster port (its log says "admin on HOST:PORT"); connecting and
each reply wait --timeout seconds at most (default 5). Exit codes: 0 done, 1 the node
could not be reached or the command failed, 2 wrong usage.
commands:
  help             this text
  status           the node's supervision tree (state, restarts) and networks
  networks         configured networks: connector, health, rules, hosts
  health           health verdict per network
  pools            connection pools per network host
  stats            traffic counters per network (requests, timeouts, late, remapped STANs)
  listeners        listeners: endpoint, connections, requests, format errors, rejections
  saf              reversal advices owed per network (card data masked), journal, alarms
  nodes            cluster members: endpoint, state (self, up, unreachable), networks
  restart PATH     kill the actor at PATH (e.g. router, connectors/visa); its supervisor
                   restarts it
)";

struct endpoint {
  std::string host;
  std::uint16_t port = 0;

  std::string text() const { return host + ":" + std::to_string(port); }
};

// What the command line asked for.
struct options {
  std::optional<endpoint> target;
  long timeout_s = 5;
  std::vector<std::string> command;
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

void fail(const std::string& why) {
  std::cerr << "switchyard-shell: " << why << "\n";
}

template <class Reply, class... Ts>
int ask_and_print(caf::actor_system& sys, const admin_actor& admin, const options& opts, Ts... xs) {
  caf::scoped_actor self{sys};
  int rc = 1;
  self->request(admin, std::chrono::seconds(opts.timeout_s), xs...)
    .receive(
      [&](Reply& reply) {
        print(reply);
        rc = 0;
      },
      [&](caf::error& err) {
        fail(shell::describe(err, opts.target->text(), opts.timeout_s, sys.render(err)));
      });
  return rc;
}

int run_command(caf::actor_system& sys, const admin_actor& admin, const options& opts) {
  const auto& cmd = opts.command;
  const auto& name = cmd[0];
  if (name == "status" && cmd.size() == 1)
    return ask_and_print<node_status>(sys, admin, opts, node_status_atom_v);
  if (name == "networks" && cmd.size() == 1)
    return ask_and_print<std::vector<network_status>>(sys, admin, opts, networks_atom_v);
  if (name == "health" && cmd.size() == 1)
    return ask_and_print<std::vector<network_health>>(sys, admin, opts, health_atom_v);
  if (name == "pools" && cmd.size() == 1)
    return ask_and_print<std::vector<pool_stats>>(sys, admin, opts, pools_atom_v);
  if (name == "stats" && cmd.size() == 1)
    return ask_and_print<std::vector<connector_stats>>(sys, admin, opts, stats_atom_v);
  if (name == "listeners" && cmd.size() == 1)
    return ask_and_print<std::vector<listener_status>>(sys, admin, opts, listeners_atom_v);
  if (name == "saf" && cmd.size() == 1)
    return ask_and_print<std::vector<saf_report>>(sys, admin, opts, saf_atom_v);
  if (name == "nodes" && cmd.size() == 1)
    return ask_and_print<std::vector<member_status>>(sys, admin, opts, nodes_atom_v);
  if (name == "restart" && cmd.size() == 2)
    return ask_and_print<std::string>(sys, admin, opts, restart_atom_v, cmd[1]);
  fail("unknown command or wrong arguments: " + name);
  std::cerr << usage;
  return 2;
}

// Reads a value given as "--name VALUE" or "--name=VALUE"; advances `i` past it.
std::optional<std::string> option_value(int argc, char** argv, int& i, std::string_view name) {
  std::string_view arg = argv[i];
  if (arg == name) {
    if (i + 1 >= argc)
      return std::nullopt;
    return std::string{argv[++i]};
  }
  return std::string{arg.substr(name.size() + 1)};
}

bool is_option(std::string_view arg, std::string_view name) {
  return arg == name
         || (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=');
}

// Parses the command line; nullopt (after saying why) when it is wrong.
std::optional<options> parse_options(int argc, char** argv) {
  options opts;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      opts.command = {"help"};
      return opts;
    }
    if (is_option(arg, "--connect")) {
      auto value = option_value(argc, argv, i, "--connect");
      opts.target = value ? parse_endpoint(*value) : std::nullopt;
      if (!opts.target) {
        fail("--connect expects HOST:PORT, got '" + value.value_or("") + "'");
        return std::nullopt;
      }
    } else if (is_option(arg, "--timeout")) {
      auto value = option_value(argc, argv, i, "--timeout");
      char* end = nullptr;
      long seconds = value ? std::strtol(value->c_str(), &end, 10) : 0;
      if (!value || value->empty() || *end != '\0' || seconds < 1 || seconds > 3600) {
        fail("--timeout expects whole seconds in 1..3600, got '" + value.value_or("") + "'");
        return std::nullopt;
      }
      opts.timeout_s = seconds;
    } else if (arg == "-c") {
      if (i + 1 >= argc) {
        fail("-c expects a command, e.g. -c \"stats\"");
        return std::nullopt;
      }
      std::istringstream words{argv[++i]};
      for (std::string word; words >> word;)
        opts.command.push_back(word);
    } else if (arg.starts_with("--") || (arg.starts_with("-") && arg != "-")) {
      fail("unknown option " + std::string{arg});
      return std::nullopt;
    } else {
      opts.command.emplace_back(arg);
    }
  }
  return opts;
}

// Fetches the node's admin actor. CAF's remote_actor waits for a BASP handshake that a port
// speaking another protocol (an ISO 8583 listener, say) never sends, so it runs on its own
// thread and the shell gives up after the timeout.
std::optional<admin_actor> connect(caf::actor_system& sys, const options& opts) {
  auto where = opts.target->text();
  std::promise<caf::expected<admin_actor>> promise;
  auto result = promise.get_future();
  std::thread{[&sys, host = opts.target->host, port = opts.target->port,
               p = std::move(promise)]() mutable {
    p.set_value(sys.middleman().remote_actor<admin_actor>(host, port));
  }}.detach();
  if (result.wait_for(std::chrono::seconds(opts.timeout_s)) != std::future_status::ready) {
    fail(where + " accepted the connection but did not answer as a Switchyard node within "
         + std::to_string(opts.timeout_s)
         + " s: is it a listener or another service rather than the node's cluster port?");
    // The handshake thread cannot be interrupted, so the actor system cannot shut down.
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(1);
  }
  auto admin = result.get();
  if (!admin) {
    fail(shell::describe(admin.error(), where, opts.timeout_s, sys.render(admin.error())));
    return std::nullopt;
  }
  return *admin;
}

} // namespace

int main(int argc, char** argv) {
  auto opts = parse_options(argc, argv);
  if (!opts)
    return 2;
  if (opts->command.empty() && !opts->target) {
    std::cerr << usage;
    return 2;
  }
  if (!opts->command.empty() && (opts->command[0] == "help")) {
    std::cout << usage;
    return 0;
  }
  if (!opts->target) {
    fail("--connect HOST:PORT is missing (the node's log says \"admin on HOST:PORT\")");
    return 2;
  }
  if (opts->command.empty()) {
    fail("no command given");
    std::cerr << usage;
    return 2;
  }
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", std::size_t{1});
  cfg.load<caf::io::middleman>();
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  auto admin = connect(sys, *opts);
  if (!admin)
    return 1;
  return run_command(sys, *admin, *opts);
}
