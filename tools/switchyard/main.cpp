// switchyard: runs a gateway node, or checks a configuration file.

#include "config/check_config.hpp"
#include "core/bin_tables.hpp"
#include "tools/common/cli_parse.hpp"
#include "tools/common/command_line.hpp"
#include "tools/switchyard/run_node.hpp"

#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using switchyard::tools::option_spec;

// What the command line asks of the node.
struct node_command_line {
  switchyard::node_options node;
  bool version = false;
};

const std::vector<option_spec<node_command_line>>& options() {
  static const std::vector<option_spec<node_command_line>> table{
    {{"--config", "FILE",
      "the configuration file (TOML) to run; relative paths in it\n"
      "(state_dir, log file, BIN tables, TLS files) are taken from its folder",
      "none: required"},
     [](auto& c, auto v) {
       c.node.config_file = v;
       return !v.empty();
     }},
    {{"--cluster-port", "PORT",
      "listen for cluster members and shells on PORT (0..65535, 0: the\n"
      "system chooses) instead of [node] cluster_port",
      "[node] cluster_port"},
     [](auto& c, auto v) {
       return (c.node.cluster_port = switchyard::tools::parse_number<std::uint16_t>(v)).has_value();
     }},
    {{"--version", "", "print the version and the build (commit, build type) and exit 0", ""},
     [](auto& c, auto) {
       return c.version = true;
     }},
  };
  return table;
}

const switchyard::tools::manual& node_manual() {
  static const switchyard::tools::manual page{
    .name = "switchyard",
    .summary = "a resilient ISO 8583 and JSON-RPC 2.0 gateway node",
    .synopsis = "switchyard --config FILE [--cluster-port PORT]\n"
                "switchyard check-config FILE...\n"
                "switchyard --version | --help",
    .description
    = "Runs one gateway node: its listeners take ISO 8583 and JSON-RPC 2.0 traffic and route\n"
      "it by the rules of FILE to the networks' hosts, through pools, health checks, circuit\n"
      "breakers, retries and fallbacks; reversal advices owed upstream are kept in state_dir\n"
      "across restarts. Nodes naming each other form a cluster; switchyard-shell talks to a\n"
      "node's cluster port. The node logs \"admin on HOST:PORT\" and \"running\" once it\n"
      "serves.\n"
      "\n"
      "check-config validates each FILE as the node would at start, including the BIN tables\n"
      "it names, and prints every error as FILE:LINE:COLUMN: KEY: what is expected.",
    .options = switchyard::tools::docs_of(options()),
    .extra = {},
    .exit_status = "0  the node stopped cleanly (SIGINT, SIGTERM or the shell's shutdown);\n"
                   "   check-config: every FILE is valid; --help, --version\n"
                   "1  the configuration is invalid or the node could not start or failed\n"
                   "   (the reason is on standard error); check-config: a FILE is invalid\n"
                   "2  usage error",
    .files = "FILE                     the configuration; /etc/switchyard/switchyard.toml when\n"
             "                         installed from the Debian package\n"
             "[node] state_dir         owed reversal advices, forward journal and networks\n"
             "                         added at runtime; locked by one node at a time\n"
             "                         (/var/lib/switchyard/state when packaged)\n"
             "[logging] file           the log; standard error when not set\n"
             "[[networks]] bin_table   BIN tables, read at start and by the shell's reload-bins",
    .signals = "SIGHUP            reopen [logging] file at its path (after logrotate renamed it)\n"
               "SIGTERM, SIGINT   stop in order: listeners stop accepting, every actor stops in\n"
               "                  reverse start order, then the node exits 0",
    .examples = "switchyard --config /etc/switchyard/switchyard.toml\n"
                "switchyard --config config/switchyard.toml --cluster-port 0\n"
                "switchyard check-config a.toml b.toml\n"
                "switchyard --version",
  };
  return page;
}

// check-config also reads the BIN tables a file names, as the node does at start.
std::vector<switchyard::config::config_error>
check_bin_tables(const switchyard::config::gateway_settings& settings, std::ostream& summary) {
  auto began = std::chrono::steady_clock::now();
  auto loaded = switchyard::core::load_bin_tables(settings);
  if (loaded.errors.empty() && loaded.files > 0) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                    - began)
                .count();
    summary << "BIN tables: " << loaded.ranges << " ranges from " << loaded.files
            << " file(s), loaded in " << ms << " ms\n";
  }
  return std::move(loaded.errors);
}

} // namespace

int main(int argc, char** argv) {
  using namespace switchyard;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "check-config") {
    if (args.size() == 1)
      return tools::usage_error(node_manual(), "check-config needs at least one FILE");
    return config::check_config(std::vector<std::string>{args.begin() + 1, args.end()}, std::cout,
                                std::cerr, check_bin_tables);
  }
  node_command_line choice;
  const auto outcome = tools::apply_options(args, options(), choice);
  if (outcome.help)
    return tools::print_manual(node_manual());
  if (!outcome.error.empty())
    return tools::usage_error(node_manual(), outcome.error);
  if (choice.version) {
    std::cout << "switchyard " << SWITCHYARD_VERSION << " (" << SWITCHYARD_BUILD << ")\n";
    return 0;
  }
  if (choice.node.config_file.empty())
    return tools::usage_error(node_manual(), "--config FILE is required");
  return run_node(choice.node);
}
