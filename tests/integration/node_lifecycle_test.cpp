// Starts real switchyard processes on loopback and drives them with switchyard-shell.

#include "tests/integration/child_process.hpp"
#include "tests/integration/temp_config.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <regex>
#include <thread>

using namespace std::chrono_literals;
using switchyard::testing::child_process;
using switchyard::testing::run;
using switchyard::testing::temp_config;

namespace {

const std::string bin_dir = SWITCHYARD_BIN_DIR;
const std::string node_bin = bin_dir + "/switchyard";
const std::string shell_bin = bin_dir + "/switchyard-shell";

constexpr const char* two_networks = R"(
[node]
name = "it-node"
cluster_port = 0

[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{ address = "127.0.0.1", port = 9 }]
rules = [{ bin_range = "400000-499999" }]

[[networks]]
name = "mastercard"
protocol = "iso8583"
hosts = [{ address = "127.0.0.1", port = 9 }]
rules = [{ bin_range = "510000-559999" }]
)";

// Reads "admin on 127.0.0.1:PORT" from the node's first line.
std::string admin_endpoint(child_process& node) {
  auto line = node.wait_for_line("admin on", 15s);
  REQUIRE_MESSAGE(line.has_value(), "node output: " << node.output());
  std::smatch m;
  REQUIRE(std::regex_search(*line, m, std::regex{R"(admin on (\S+:\d+))"}));
  return m[1];
}

// Returns the RESTARTS column of the status row whose PATH is `path`.
int restarts_of(const std::string& status, const std::string& path) {
  std::smatch m;
  std::regex row{R"((\S+)\s+(running|restarting|stopped|failed)\s+(\d+)\s+)" + path + "\n"};
  if (!std::regex_search(status, m, row))
    return -1;
  return std::stoi(m[3]);
}

} // namespace

TEST_SUITE("node lifecycle") {
  TEST_CASE("status over the cluster port shows the whole tree, and SIGTERM exits 0") {
    temp_config cfg{two_networks};
    child_process node{node_bin, {"--config", cfg.path()}};
    auto endpoint = admin_endpoint(node);
    auto status = run(shell_bin, {"--connect", endpoint, "status"});
    CHECK(status.exit_code == 0);
    INFO(status.output);
    for (const char* path :
         {"node/router", "node/connection_manager", "node/health_monitor", "node/connectors",
          "node/connectors/visa", "node/connectors/mastercard", "node/listeners", "node/admin"})
      CHECK(restarts_of(status.output, path) == 0);
    CHECK(status.output.find("node it-node") != std::string::npos);
    node.signal(SIGTERM);
    auto code = node.wait(2s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
  }

  TEST_CASE("a killed actor is restarted by its supervisor and the restart shows in status") {
    temp_config cfg{two_networks};
    child_process node{node_bin, {"--config", cfg.path()}};
    auto endpoint = admin_endpoint(node);
    auto killed = run(shell_bin, {"--connect", endpoint, "restart", "connectors/visa"});
    CHECK(killed.exit_code == 0);
    auto status = run(shell_bin, {"--connect", endpoint, "status"});
    INFO(status.output);
    CHECK(restarts_of(status.output, "node/connectors/visa") == 1);
    CHECK(restarts_of(status.output, "node/connectors/mastercard") == 0);
    auto networks = run(shell_bin, {"--connect", endpoint, "networks"});
    CHECK(networks.output.find("visa") != std::string::npos);
    node.signal(SIGINT);
    auto code = node.wait(2s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
  }

  TEST_CASE("the admin actor keeps its port across its own restart") {
    temp_config cfg{two_networks};
    child_process node{node_bin, {"--config", cfg.path()}};
    auto endpoint = admin_endpoint(node);
    auto killed = run(shell_bin, {"--connect", endpoint, "restart", "admin"});
    CHECK(killed.exit_code == 0);
    std::string status;
    for (int attempt = 0; attempt < 20; ++attempt) {
      auto r = run(shell_bin, {"--connect", endpoint, "status"});
      if (r.exit_code == 0) {
        status = r.output;
        break;
      }
      std::this_thread::sleep_for(100ms);
    }
    INFO(status);
    CHECK(restarts_of(status, "node/admin") == 1);
    node.signal(SIGTERM);
    CHECK(node.wait(2s) == std::optional<int>{0});
  }

  TEST_CASE("the shell reports an unknown actor path as an error") {
    temp_config cfg{two_networks};
    child_process node{node_bin, {"--config", cfg.path()}};
    auto endpoint = admin_endpoint(node);
    auto r = run(shell_bin, {"--connect", endpoint, "restart", "connectors/amex"});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("no actor at 'node/connectors/amex'") != std::string::npos);
  }

  TEST_CASE("restarting the root is refused with the reason, and the node runs on") {
    temp_config cfg{two_networks};
    child_process node{node_bin, {"--config", cfg.path()}};
    auto endpoint = admin_endpoint(node);
    auto r = run(shell_bin, {"--connect=" + endpoint, "-c", "restart node"});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("'node' is the root of the tree") != std::string::npos);
    auto status = run(shell_bin, {"--connect=" + endpoint, "-c", "status"});
    CHECK(status.exit_code == 0);
    CHECK(restarts_of(status.output, "node") == 0);
  }

  TEST_CASE("a port that is not a node's cluster port is given up on at the timeout") {
    // An ISO 8583 listener accepts the connection and waits for a frame that never comes.
    temp_config cfg{std::string{two_networks} + R"(
[[listeners]]
protocol = "iso8583"
port = 0
)"};
    child_process node{node_bin, {"--config", cfg.path()}};
    admin_endpoint(node);
    auto listening = node.wait_for_line("listening on", 15s);
    REQUIRE(listening.has_value());
    std::smatch m;
    REQUIRE(std::regex_search(*listening, m, std::regex{R"(listening on (\S+:\d+))"}));
    auto started = std::chrono::steady_clock::now();
    auto r = run(shell_bin, {"--connect", m[1], "--timeout", "1", "status"});
    auto took = std::chrono::steady_clock::now() - started;
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("did not answer as a Switchyard node within 1 s") != std::string::npos);
    CHECK(took < 4s);
  }

  TEST_CASE("the shell's usage: help, unknown options and a missing endpoint") {
    auto help = run(shell_bin, {"help"});
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("restart PATH") != std::string::npos);
    auto unknown = run(shell_bin, {"--connect", "127.0.0.1:1", "--colour", "status"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output.find("unknown option --colour") != std::string::npos);
    auto missing = run(shell_bin, {"status"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.output.find("--connect HOST:PORT is missing") != std::string::npos);
    auto bad_timeout = run(shell_bin, {"--connect", "127.0.0.1:1", "--timeout=0", "status"});
    CHECK(bad_timeout.exit_code == 2);
  }

  TEST_CASE("the shell fails clearly when no node listens") {
    auto r = run(shell_bin, {"--connect", "127.0.0.1:1", "status"});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("cannot reach 127.0.0.1:1") != std::string::npos);
  }

  TEST_CASE("a node with an invalid config exits 1 and names the file, line and key") {
    temp_config cfg{"[node]\nname = 42\n"};
    auto r = run(node_bin, {"--config", cfg.path()});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find(cfg.path() + ":2:") != std::string::npos);
    CHECK(r.output.find("node.name") != std::string::npos);
  }

  TEST_CASE("check-config prints every error with file:line:column and key") {
    temp_config cfg{"[node]\nname = 42\ncluster_port = 70000\n[[networks]]\nname = \"x\"\n"};
    auto r = run(node_bin, {"check-config", cfg.path()});
    CHECK(r.exit_code == 1);
    CHECK(std::regex_search(r.output, std::regex{cfg.path() + R"(:2:\d+: node\.name)"}));
    CHECK(std::regex_search(r.output, std::regex{cfg.path() + R"(:3:\d+: node\.cluster_port)"}));
    CHECK(std::regex_search(r.output, std::regex{cfg.path() + R"(:4:\d+: networks\[0\])"}));
  }

  TEST_CASE("check-config checks every file named, reports each and exits 1 if any fails") {
    temp_config good{"[node]\nname = \"a\"\n"};
    temp_config bad{"[node]\nname = 42\n"};
    auto r = run(node_bin, {"check-config", good.path(), bad.path()});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find(good.path() + ": OK") != std::string::npos);
    CHECK(r.output.find(bad.path() + ":2:8: node.name") != std::string::npos);
    CHECK(r.output.find("1 error in " + bad.path()) != std::string::npos);
    auto both_good = run(node_bin, {"check-config", good.path(), "config/switchyard.toml"});
    INFO(both_good.output);
    CHECK(both_good.exit_code == 0);
    CHECK(both_good.output.find("config/switchyard.toml: OK") != std::string::npos);
  }

  TEST_CASE("check-config accepts the bundled configuration") {
    auto r = run(node_bin, {"check-config", "config/switchyard.toml"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
  }
}
