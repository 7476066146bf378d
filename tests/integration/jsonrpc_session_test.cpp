// JSON-RPC client connections end to end: a client too slow to send its request, and a node
// told to stop while calls are in flight.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/rpc_test_client.hpp"

#include <boost/system/system_error.hpp>

#include <doctest/doctest.h>

#include <csignal>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

std::string eth_network(std::uint16_t port, const std::string& extra = "") {
  return jsonrpc_network("eth", {port}, "rules = [{ method = \"eth_*\" }]\n" + extra);
}

// True when `client` gets the provider's chain id "0x1" for a call with id `id`.
bool is_served(rpc_test_client& client, int id) {
  auto a = client.post(rpc_call("eth_chainId", std::to_string(id)), "/", 2s);
  if (!a || a->status != 200)
    return false;
  auto answer = parse_json(a->body);
  return answer.at("id") == id && answer.at("result") == "0x1";
}

} // namespace

TEST_SUITE("jsonrpc sessions end to end") {
  TEST_CASE(
    "a client dribbling its headers past read_timeout_ms is cut off while others are served") {
    auto sim = start_sim_jsonrpc({"--chain-id", "1"});
    auto gw = start_gateway(jsonrpc_node("read_timeout_ms = 400") + eth_network(sim.port));
    rpc_test_client slow{gw.port_of("rpc")};
    rpc_test_client normal{gw.port_of("rpc")};
    const auto request = post_request(rpc_call("eth_chainId", "1"));
    // One byte every 50 ms: each arrives well within the idle timeout, the request never
    // within the read timeout (and its last byte is never sent).
    auto started = std::chrono::steady_clock::now();
    bool closed = false;
    int asked = 0;
    int served = 0;
    for (std::size_t sent = 0; sent + 1 < request.size(); ++sent) {
      if (!slow.send_raw(request.substr(sent, 1)) || slow.is_closed_by_peer(50ms)) {
        closed = true;
        break;
      }
      if (std::chrono::steady_clock::now() - started < 300ms) {
        ++asked;
        served += is_served(normal, static_cast<int>(sent)) ? 1 : 0;
      }
      if (std::chrono::steady_clock::now() - started > 3s)
        break;
    }
    auto took = std::chrono::steady_clock::now() - started;
    CHECK(closed);
    CHECK(took >= 350ms);
    CHECK(took < 2s);
    CHECK(asked >= 2);
    CHECK(served == asked);
    // The other connection outlives the cut.
    CHECK(is_served(normal, 1000));
  }

  TEST_CASE("on SIGTERM calls in flight are answered, new connections refused, and it exits 0") {
    auto sim = start_sim_jsonrpc({"--chain-id", "1", "--latency-ms", "600"});
    auto gw = start_gateway(jsonrpc_node() + eth_network(sim.port, "pool_size = 4"));
    auto port = gw.port_of("rpc");
    std::vector<std::unique_ptr<rpc_test_client>> busy;
    for (int i = 0; i < 3; ++i) {
      busy.push_back(std::make_unique<rpc_test_client>(port));
      REQUIRE(busy.back()->send_raw(post_request(rpc_call("eth_chainId", std::to_string(i)))));
    }
    rpc_test_client idle{port};
    std::this_thread::sleep_for(100ms);
    auto signalled = std::chrono::steady_clock::now();
    gw.process->signal(SIGTERM);
    // The listener stops accepting while the calls are still upstream (due ~500 ms from now).
    bool refused = false;
    while (!refused && std::chrono::steady_clock::now() - signalled < 400ms) {
      try {
        rpc_test_client late{port};
        std::this_thread::sleep_for(10ms);
      } catch (const boost::system::system_error&) {
        refused = true;
      }
    }
    CHECK(refused);
    CHECK(idle.is_closed_by_peer(300ms)); // nothing asked on it: closed at once
    for (int i = 0; i < 3; ++i) {
      auto a = busy[i]->receive(3s);
      REQUIRE(a.has_value());
      INFO(a->body);
      CHECK(a->status == 200);
      CHECK(!a->keep_alive); // the last answer owed says the connection ends
      auto answer = parse_json(a->body);
      CHECK(answer.at("id") == i);
      CHECK(answer.at("result") == "0x1");
      CHECK(busy[i]->is_closed_by_peer(300ms));
    }
    auto answered = std::chrono::steady_clock::now();
    CHECK(gw.process->wait(3s) == 0);
    // With every answer out the node is done: it does not sit out its drain limit (1 s).
    CHECK(std::chrono::steady_clock::now() - answered < 300ms);
  }
}
