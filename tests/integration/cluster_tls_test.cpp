// Cluster links under [cluster.tls]: nodes holding certificates of the cluster's private CA
// join each other; a node with another CA's certificate, or with no TLS at all, is refused
// and the cluster runs on.

#include "tests/integration/cert_dir.hpp"
#include "tests/integration/gateway_fixture.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// Heartbeats relaxed (500 ms, lost after 4 s): this suite checks who gets in, and a busy
// machine must not make a healthy link look lost.
std::string tls_node(const std::string& name, std::uint16_t port, std::uint16_t seed,
                     const std::string& tls_table) {
  return "[node]\nname = \"" + name + "\"\ncluster_port = " + std::to_string(port)
         + "\n\n[cluster]\nseeds = [\"127.0.0.1:" + std::to_string(seed)
         + "\"]\nheartbeat_interval_ms = 500\nconnection_timeout_ms = 4000\n" + tls_table
         + "\n[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n";
}

std::string tls_table(const cert_dir& certs, const std::string& name) {
  return "\n[cluster.tls]\nca = \"" + certs.file("ca.pem") + "\"\ncert = \""
         + certs.file(name + ".pem") + "\"\nkey = \"" + certs.file(name + ".key") + "\"\n";
}

} // namespace

TEST_CASE("cluster TLS lets in nodes of the cluster's CA only") {
  cert_dir cluster{{"a", "b", "shell"}};
  cert_dir other{{"rogue"}};
  auto pa = unused_port();
  auto pb = unused_port();
  auto a = start_gateway(tls_node("a", pa, pa, tls_table(cluster, "a")));
  auto b = start_gateway(tls_node("b", pb, pa, tls_table(cluster, "b")));
  auto endpoint_a = "127.0.0.1:" + std::to_string(pa);
  CHECK(b.process->wait_for_line("node a at " + endpoint_a + " joined", 10s));
  CHECK(a.process->wait_for_line("node b at 127.0.0.1:" + std::to_string(pb) + " joined", 10s));

  SUBCASE("a shell needs a certificate of the cluster's CA") {
    auto with = [&](const cert_dir& certs, const std::string& name) {
      return std::vector<std::string>{"--connect",  a.admin,
                                      "--tls-ca",   certs.file("ca.pem"),
                                      "--tls-cert", certs.file(name + ".pem"),
                                      "--tls-key",  certs.file(name + ".key"),
                                      "nodes"};
    };
    auto good = run(bin_path("switchyard-shell"), with(cluster, "shell"));
    CHECK(good.exit_code == 0);
    auto row = table_row(good.output, {"b", "127.0.0.1:" + std::to_string(pb)});
    REQUIRE(row.size() > 2);
    CHECK(row[2] == "up");
    auto plain = run(bin_path("switchyard-shell"), {"--connect", a.admin, "nodes"});
    CHECK(plain.exit_code == 1);
    CHECK(plain.output.find("closed the connection during the handshake") != std::string::npos);
    auto foreign = run(bin_path("switchyard-shell"), with(other, "rogue"));
    CHECK(foreign.exit_code == 1);
    CHECK(foreign.output.find("closed the connection during the handshake") != std::string::npos);
    auto again = run(bin_path("switchyard-shell"), with(cluster, "shell"));
    CHECK(again.exit_code == 0);
  }

  SUBCASE("a change made on one member runs on another over the cluster's TLS") {
    auto sim = start_sim({"--name", "tls-sim"});
    auto snippet = cluster.file("amex.toml");
    std::ofstream{snippet} << iso_network("amex", sim.port, "rules = [{ default = true }]");
    auto shell_on = [&](const gateway_process& gw, std::vector<std::string> command) {
      std::vector<std::string> args{"--connect",  gw.admin,
                                    "--tls-ca",   cluster.file("ca.pem"),
                                    "--tls-cert", cluster.file("shell.pem"),
                                    "--tls-key",  cluster.file("shell.key")};
      args.insert(args.end(), command.begin(), command.end());
      return run(bin_path("switchyard-shell"), args, 60s);
    };
    // From a's shell, carried out on b by a change actor a spawns there.
    auto added = shell_on(a, {"add-network", snippet, "--node", "b"});
    CHECK(added.exit_code == 0);
    CHECK(added.output.find("network amex added on node b") != std::string::npos);
    std::string stats;
    for (int i = 0; i < 50 && table_row(stats, {"amex"}).empty(); ++i) {
      stats = shell_on(b, {"stats"}).output;
      std::this_thread::sleep_for(100ms);
    }
    CHECK_FALSE(table_row(stats, {"amex"}).empty()); // b runs its connector
  }

  SUBCASE("a node with another CA's certificate is refused") {
    auto rogue = start_gateway(tls_node("rogue", unused_port(), pa, tls_table(other, "rogue")));
    CHECK(rogue.process->wait_for_line("cannot join " + endpoint_a, 10s));
    std::this_thread::sleep_for(1s);
    CHECK_FALSE(rogue.process->wait_for_line("joined", 100ms));
    CHECK_FALSE(a.process->wait_for_line("node rogue", 100ms));
  }

  SUBCASE("a node without TLS is refused") {
    auto plain = start_gateway(tls_node("plain", unused_port(), pa, ""));
    CHECK(plain.process->wait_for_line("cannot join " + endpoint_a, 10s));
    std::this_thread::sleep_for(1s);
    CHECK_FALSE(plain.process->wait_for_line("joined", 100ms));
    CHECK_FALSE(a.process->wait_for_line("node plain", 100ms));
  }

  // The refused peers changed nothing: a runs and still hears b (a lost b would be logged).
  CHECK_FALSE(a.process->wait(100ms).has_value());
  CHECK_FALSE(a.process->wait_for_line("unreachable", 500ms));
}
