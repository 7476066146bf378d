// Per-network counting of JSON-RPC networks end to end: calls the gateway answers itself
// count for their network, and the counts outlive the network's connector.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/rpc_test_client.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// REQUESTS and UNAVAIL of `network` in the shell's stats, as "R U".
std::string counts_of(const std::string& stats, const std::string& network) {
  auto row = table_row(stats, {network});
  if (row.size() < 7)
    return "(no row)";
  return row[2] + " " + row[6];
}

// Sends `n` calls and requires each to be answered -32000 (no provider available).
void call_unavailable(rpc_test_client& client, int n) {
  for (int i = 0; i < n; ++i) {
    auto answer = client.post(rpc_call("eth_blockNumber", std::to_string(i + 1)));
    REQUIRE(answer.has_value());
    INFO(answer->body);
    REQUIRE(answer->body.find("-32000") != std::string::npos);
  }
}

} // namespace

TEST_SUITE("jsonrpc counting end to end") {
  TEST_CASE("calls the gateway answers unavailable count for their network, across restarts") {
    auto gw = start_gateway(jsonrpc_node()
                            + jsonrpc_network("eth", {unused_port()},
                                              "connect_timeout_ms = 200\n"
                                              "rules = [{ method = \"eth_*\" }]"));
    rpc_test_client client{gw.port_of("rpc")};
    call_unavailable(client, 10);
    auto stats = shell_until(
      gw, {"stats"}, [](const std::string& out) { return counts_of(out, "eth") == "10 10"; });
    INFO(stats);
    CHECK(counts_of(stats, "eth") == "10 10");
    auto killed = shell(gw, {"restart", "connectors/eth"});
    INFO(killed);
    auto status = shell_until(gw, {"status"}, [](const std::string& out) {
      return !table_row(out, {"eth", "running", "1"}).empty();
    });
    INFO(status);
    REQUIRE_FALSE(table_row(status, {"eth", "running", "1"}).empty());
    call_unavailable(client, 5);
    stats = shell_until(gw, {"stats"},
                        [](const std::string& out) { return counts_of(out, "eth") == "15 15"; });
    CHECK(counts_of(stats, "eth") == "15 15");
  }
}
