// Traffic across the cluster between real node processes: a listener on node A whose rules
// pick networks hosted on node C (ISO 8583 and JSON-RPC) gets its answers from C's upstreams;
// when C is killed, A's traffic fails over to the fallback within 2 s and every request is
// answered; when C returns, its networks take traffic again.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"
#include "tests/integration/rpc_test_client.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// What every node of the test cluster shares: "visa" and "eth" live on c, "backup" on a.
struct cluster_upstreams {
  // Slow enough that requests are still in flight when its node is killed.
  sim_process visa = start_sim({"--name", "visa-sim", "--latency-ms", "150"});
  sim_process backup = start_sim({"--name", "backup-sim"});
  sim_process eth = start_sim_jsonrpc({"--chain-id", "10", "--name", "eth-sim"});
  std::uint16_t pa = unused_port();
  std::uint16_t pb = unused_port();
  std::uint16_t pc = unused_port();

  std::string networks() const {
    return iso_network("visa", visa.port,
                       "node = \"c\"\nfallbacks = [\"backup\"]\nrules = [{ default = true }]")
           + iso_network("backup", backup.port, "node = \"a\"")
           + jsonrpc_network("eth", {eth.port}, "node = \"c\"\nrules = [{ default = true }]");
  }

  // A node with an ISO 8583 listener and a JSON-RPC listener ("rpc"), seeded with a.
  std::string node(const std::string& name, std::uint16_t port) const {
    return "[node]\nname = \"" + name + "\"\ncluster_port = " + std::to_string(port)
           + "\n\n[cluster]\nseeds = [\"127.0.0.1:" + std::to_string(pa)
           + "\"]\nheartbeat_interval_ms = 200\nconnection_timeout_ms = 1000\n\n"
             "[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n\n"
             "[[listeners]]\nname = \"rpc\"\nprotocol = \"jsonrpc\"\nport = 0\n"
           + networks();
  }
};

// The REQUESTS column of `network`'s row in `gw`'s stats.
std::string requests_of(const gateway_process& gw, const std::string& network) {
  auto row = table_row(shell(gw, {"stats"}), {network});
  return row.size() > 2 ? row[2] : "missing";
}

bool network_up(const gateway_process& gw, const std::string& network) {
  auto out = shell_until(
    gw, {"networks"},
    [&](const std::string& o) {
      auto row = table_row(o, {network});
      return row.size() > 3 && row[2] == "up";
    },
    80);
  auto row = table_row(out, {network});
  return row.size() > 3 && row[2] == "up";
}

std::string sale_code(iso_test_client& client, int n) {
  auto stan = std::to_string(n % 1000000);
  client.send(make_request("4111111111111111", 1000, std::string(6 - stan.size(), '0') + stan));
  return code_of(client.receive(3s));
}

} // namespace

TEST_CASE("a listener on one node serves networks hosted on another, with failover") {
  cluster_upstreams up;
  auto c = start_gateway(up.node("c", up.pc));
  auto b = start_gateway(up.node("b", up.pb));
  auto a = start_gateway(up.node("a", up.pa));
  REQUIRE(network_up(a, "visa"));
  REQUIRE(network_up(a, "eth"));
  // Hosted where configured: c runs visa and eth, a only backup.
  CHECK(table_row(shell(a, {"stats"}), {"visa"}).empty());
  CHECK_FALSE(table_row(shell(c, {"stats"}), {"visa"}).empty());
  CHECK(table_row(shell(c, {"stats"}), {"backup"}).empty());

  iso_test_client acquirer{a.iso_port};
  for (int i = 1; i <= 10; ++i)
    REQUIRE(sale_code(acquirer, i) == "00");
  CHECK(requests_of(c, "visa") == "10");
  CHECK(requests_of(a, "backup") == "0");

  rpc_test_client client{a.port_of("rpc")};
  auto answer = client.post(rpc_call("eth_chainId", "7"));
  REQUIRE(answer.has_value());
  CHECK(answer->status == 200);
  CHECK(answer->body.find("\"result\":\"0xa\"") != std::string::npos);
  CHECK(answer->body.find("\"id\":7") != std::string::npos);

  // Node b serves c's networks the same way, once c's card (networks served) reached it.
  REQUIRE(network_up(b, "visa"));
  iso_test_client via_b{b.iso_port};
  REQUIRE(sale_code(via_b, 11) == "00");
  CHECK(requests_of(c, "visa") == "11");

  SUBCASE("a network down on its live hosting node fails over on the other nodes too") {
    auto visa_port = up.visa.port;
    up.visa.process.reset(); // the issuer behind visa dies; node c lives on
    auto state_on_a = [&](const std::string& want) {
      auto out = shell_until(
        a, {"networks"},
        [&](const std::string& o) {
          auto row = table_row(o, {"visa"});
          return row.size() > 2 && row[2] == want;
        },
        100);
      auto row = table_row(out, {"visa"});
      return row.size() > 2 ? row[2] : "missing";
    };
    CHECK(state_on_a("down") == "down");
    REQUIRE(sale_code(acquirer, 600) == "00"); // by the fallback on a
    CHECK(requests_of(a, "backup") == "1");

    up.visa = start_sim({"--name", "visa-sim"}, visa_port);
    CHECK(state_on_a("up") == "up");
    REQUIRE(sale_code(acquirer, 601) == "00");
    CHECK(requests_of(c, "visa") == "12");
    CHECK(requests_of(a, "backup") == "1");
  }

  SUBCASE("killing the hosting node fails its traffic over within 2 s, nothing unanswered") {
    for (int i = 0; i < 5; ++i)
      acquirer.send(make_request("4111111111111111", 1000, "00050" + std::to_string(i)));
    std::this_thread::sleep_for(50ms);
    c.process->signal(SIGKILL);
    auto killed = std::chrono::steady_clock::now();
    // What was in flight to c is answered at once, not after its timeout.
    for (int i = 0; i < 5; ++i)
      CHECK(code_of(acquirer.receive(2s)) == "91");
    CHECK(std::chrono::steady_clock::now() - killed < 2s);
    auto run = send_until_failed_over(
      killed, 4s, [&](int n) { return sale_code(acquirer, 100 + n); },
      [&] { return std::stoi(requests_of(a, "backup")) > 0; });
    CHECK(run.answered == run.sent);
    REQUIRE(run.failed_over.has_value());
    MESSAGE("failed over after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(*run.failed_over).count()
            << " ms");
    CHECK(*run.failed_over < 2s);
    // No fallback for eth: a clean JSON-RPC error at once, not a hang.
    auto down = client.post(rpc_call("eth_chainId", "8"));
    REQUIRE(down.has_value());
    CHECK(down->body.find("\"error\"") != std::string::npos);

    c = start_gateway(up.node("c", up.pc));
    REQUIRE(network_up(a, "visa"));
    REQUIRE(sale_code(acquirer, 900) == "00");
    CHECK(requests_of(c, "visa") == "1");
    auto back = client.post(rpc_call("eth_chainId", "9"));
    REQUIRE(back.has_value());
    CHECK(back->body.find("\"result\":\"0xa\"") != std::string::npos);
  }
}
