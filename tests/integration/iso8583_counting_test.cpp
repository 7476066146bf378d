// Per-network counting end to end: every request of a network is counted, whoever answers
// it, and the counts outlive the network's connector.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// REQUESTS, ANSWERED and UNAVAIL of `network` in the shell's stats, as "R A U".
std::string counts_of(const std::string& stats, const std::string& network) {
  auto row = table_row(stats, {network});
  if (row.size() < 7)
    return "(no row)";
  return row[2] + " " + row[3] + " " + row[6];
}

// Waits until `network`'s counts in stats read `expected`; returns the last reading.
std::string await_counts(const gateway_process& gw, const std::string& network,
                         const std::string& expected) {
  auto stats = shell_until(
    gw, {"stats"}, [&](const std::string& out) { return counts_of(out, network) == expected; });
  INFO(stats);
  return counts_of(stats, network);
}

// Restarts `network`'s connector and waits until it runs again.
void restart_connector(const gateway_process& gw, const std::string& network, int restarts) {
  auto killed = shell(gw, {"restart", "connectors/" + network});
  INFO(killed);
  auto status = shell_until(gw, {"status"}, [&](const std::string& out) {
    auto row = table_row(out, {network, "running", std::to_string(restarts)});
    return !row.empty();
  });
  INFO(status);
  REQUIRE_FALSE(table_row(status, {network, "running", std::to_string(restarts)}).empty());
}

} // namespace

TEST_SUITE("iso8583 counting end to end") {
  TEST_CASE("requests the gateway answers 91 count for their network, across connector restarts") {
    // Nothing listens on the network's port: every request is answered 91 by the gateway,
    // first by the connector (no link), then at routing (the network is down).
    auto gw = start_gateway(iso_node()
                            + iso_network("visa", unused_port(),
                                          "connect_timeout_ms = 200\n"
                                          "rules = [{ bin_range = \"400000-499999\" }]"));
    iso_test_client client{gw.iso_port};
    for (int i = 0; i < 20; ++i) {
      client.send(make_request("4111111111111111", 100, "0007" + std::to_string(10 + i)));
      REQUIRE(code_of(client.receive(3s)) == "91");
    }
    CHECK(await_counts(gw, "visa", "20 0 20") == "20 0 20");
    restart_connector(gw, "visa", 1);
    for (int i = 0; i < 5; ++i) {
      client.send(make_request("4111111111111111", 100, "0008" + std::to_string(10 + i)));
      REQUIRE(code_of(client.receive(3s)) == "91");
    }
    CHECK(await_counts(gw, "visa", "25 0 25") == "25 0 25");
  }

  TEST_CASE("answered requests stay counted after their connector restarts") {
    auto sim = start_sim({});
    auto gw
      = start_gateway(iso_node() + iso_network("visa", sim.port, "rules = [{ default = true }]"));
    iso_test_client client{gw.iso_port};
    for (int i = 0; i < 5; ++i) {
      client.send(make_request("4111111111111111", 100, "0009" + std::to_string(10 + i)));
      REQUIRE(code_of(client.receive(3s)) == "00");
    }
    CHECK(await_counts(gw, "visa", "5 5 0") == "5 5 0");
    restart_connector(gw, "visa", 1);
    int approved = 0;
    int unavailable = 0;
    for (int i = 0; i < 60 && approved < 5; ++i) {
      client.send(make_request("4111111111111111", 100, "001" + std::to_string(100 + i)));
      auto code = code_of(client.receive(3s));
      REQUIRE((code == "00" || code == "91"));
      approved += code == "00";
      unavailable += code == "91";
      if (code != "00")
        std::this_thread::sleep_for(50ms);
    }
    REQUIRE(approved == 5);
    auto total = std::to_string(10 + unavailable);
    auto expected = total + " 10 " + std::to_string(unavailable);
    CHECK(await_counts(gw, "visa", expected) == expected);
  }
}
