// JSON-RPC over WebSocket end to end: switchyard between a WebSocket client and sim-jsonrpc
// providers, subscriptions relayed and ended by a provider's death, plain and TLS.

#include "tests/integration/cert_dir.hpp"
#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/ws_test_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <regex>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

namespace json = boost::json;

json::value next(ws_test_client& client, std::chrono::milliseconds within = 5s) {
  auto text = client.receive(within);
  REQUIRE_MESSAGE(text.has_value(), "no message within the time allowed");
  return json::parse(*text);
}

std::uint64_t quantity(const json::value& v) {
  return std::stoull(std::string{v.as_string()}, nullptr, 16);
}

// Sends `call` until it is answered with a result (a provider's link may be on its way up).
json::value call_until_result(ws_test_client& client, const std::string& call) {
  json::value answer;
  for (int attempt = 0; attempt < 50; ++attempt) {
    REQUIRE(client.send(call));
    answer = next(client);
    if (answer.is_object() && answer.as_object().contains("result"))
      return answer;
    std::this_thread::sleep_for(100ms);
  }
  FAIL("never answered with a result: " << json::serialize(answer));
  return answer;
}

// Subscribes to newHeads and returns the client's subscription id.
std::string subscribe_new_heads(ws_test_client& client) {
  auto answer = call_until_result(
    client, R"({"jsonrpc":"2.0","id":"sub","method":"eth_subscribe","params":["newHeads"]})");
  CHECK(answer.at("id").as_string() == "sub");
  std::string id{answer.at("result").as_string()};
  CHECK(std::regex_match(id, std::regex{"0x[0-9a-f]{16}"}));
  return id;
}

// Reads notifications of subscription `id` until `count` came; checks their block numbers
// increase.
void expect_heads(ws_test_client& client, const std::string& id, int count) {
  std::uint64_t last = 0;
  for (int i = 0; i < count; ++i) {
    auto n = next(client, 3s);
    INFO(json::serialize(n));
    REQUIRE(n.at("method").as_string() == "eth_subscription");
    CHECK(n.at("params").at("subscription").as_string() == id);
    auto number = quantity(n.at("params").at("result").at("number"));
    CHECK(number > last);
    last = number;
  }
}

// Kills `sim` with SIGKILL and waits (5 s at most) for the error notification that ends
// subscription `id`, skipping the notifications still on their way.
void expect_ended_by_kill(ws_test_client& client, sim_process& sim, const std::string& id,
                          const std::string& network) {
  sim.process->signal(SIGKILL);
  auto until = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < until) {
    auto text = client.receive(500ms);
    if (!text)
      continue;
    auto n = json::parse(*text);
    INFO(*text);
    REQUIRE(n.at("params").at("subscription").as_string() == id);
    if (!n.at("params").as_object().contains("error"))
      continue;
    const auto& error = n.at("params").at("error");
    CHECK(error.at("code").as_int64() == -32000);
    CHECK(error.at("data").at("network").as_string() == network);
    CHECK(std::string{error.at("message").as_string()}.find("subscription ended")
          != std::string::npos);
    return;
  }
  FAIL("no error notification within 5 s of the provider's death");
}

} // namespace

TEST_SUITE("jsonrpc websocket end to end") {
  TEST_CASE("calls over a WebSocket are answered and a subscription ends with an error when its "
            "provider is killed") {
    auto a = start_sim_jsonrpc({"--name", "a", "--block-interval-ms", "100"});
    auto b = start_sim_jsonrpc({"--name", "b", "--block-interval-ms", "100"});
    // "eth" (every eth_* method) balances over both providers; "heads", reached by path, has
    // provider b alone, so the subscription's provider is known.
    auto gw = start_gateway(
      jsonrpc_node()
      + jsonrpc_network("eth", {a.port, b.port}, "rules = [{ method = \"eth_*\" }]\npool_size = 1")
      + jsonrpc_network("heads", {b.port}, "pool_size = 1"));
    ws_test_client calls{gw.port_of("rpc")};
    auto answer
      = call_until_result(calls, R"({"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"})");
    CHECK(answer.at("id").as_int64() == 1);
    CHECK(quantity(answer.at("result")) > 0);
    REQUIRE(calls.send(R"([{"jsonrpc":"2.0","id":2,"method":"eth_chainId"},)"
                       R"({"jsonrpc":"2.0","id":3,"method":"web3_clientVersion"}])"));
    auto batch = next(calls);
    INFO(json::serialize(batch));
    REQUIRE(batch.is_array());
    REQUIRE(batch.as_array().size() == 2);
    CHECK(batch.as_array()[0].at("result").as_string() == "0x1");
    CHECK(batch.as_array()[1].at("error").at("code").as_int64() == -32601); // no rule

    ws_test_client heads{gw.port_of("rpc"), "/heads"};
    auto id = subscribe_new_heads(heads);
    expect_heads(heads, id, 3);
    // The shell counts both WebSocket connections and the notifications relayed so far.
    auto listeners = shell(gw, {"listeners"});
    INFO(listeners);
    std::smatch counts;
    // WEBSOCKETS and NOTIFICATIONS (TLS-FAIL, then SIGNED-ON and CERT-EXPIRES "-" follow).
    REQUIRE(std::regex_search(listeners, counts,
                              std::regex{R"(\nrpc\s.*\s(\d+)\s+(\d+)\s+\d+\s+-\s+-\n)"}));
    CHECK(counts[1] == "2");
    CHECK(std::stoi(counts[2]) >= 3);
    expect_ended_by_kill(heads, b, id, "heads");

    // Calls go on over the provider that is left.
    auto after = call_until_result(calls, R"({"jsonrpc":"2.0","id":4,"method":"eth_chainId"})");
    CHECK(after.at("result").as_string() == "0x1");
  }

  TEST_CASE("a wss listener relays a subscription from a wss provider until it is killed") {
    cert_dir certs{{"server", "upstream"}};
    auto sim
      = start_sim_jsonrpc({"--name", "tls", "--block-interval-ms", "100", "--tls-cert",
                           certs.file("upstream.pem"), "--tls-key", certs.file("upstream.key")});
    auto gw = start_gateway(jsonrpc_node("[listeners.tls]\ncert = \"" + certs.file("server.pem")
                                         + "\"\nkey = \"" + certs.file("server.key") + "\"")
                            + jsonrpc_network("heads", {sim.port},
                                              "pool_size = 1\n[networks.tls]\nca = \""
                                                + certs.file("ca.pem")
                                                + "\"\nserver_name = \"localhost\""));
    ws_test_client client{gw.port_of("rpc"), "/heads", certs.file("ca.pem")};
    auto answer
      = call_until_result(client, R"({"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"})");
    CHECK(quantity(answer.at("result")) > 0);
    auto id = subscribe_new_heads(client);
    expect_heads(client, id, 2);
    expect_ended_by_kill(client, sim, id, "heads");
  }

  TEST_CASE("eth_unsubscribe ends the relay and a drained node closes the WebSocket") {
    auto sim = start_sim_jsonrpc({"--name", "c", "--block-interval-ms", "100"});
    auto gw = start_gateway(jsonrpc_node() + jsonrpc_network("heads", {sim.port}, "pool_size = 1"));
    ws_test_client client{gw.port_of("rpc"), "/heads"};
    auto id = subscribe_new_heads(client);
    expect_heads(client, id, 2);
    REQUIRE(client.send(R"({"jsonrpc":"2.0","id":"u","method":"eth_unsubscribe","params":[")" + id
                        + R"("]})"));
    bool unsubscribed = false;
    auto until = std::chrono::steady_clock::now() + 3s;
    while (!unsubscribed && std::chrono::steady_clock::now() < until) {
      auto text = client.receive(500ms);
      if (!text)
        continue;
      auto m = json::parse(*text);
      if (m.as_object().contains("id")) {
        CHECK(m.at("id").as_string() == "u");
        CHECK(m.at("result").as_bool());
        unsubscribed = true;
      }
    }
    REQUIRE(unsubscribed);
    CHECK_FALSE(client.receive(500ms).has_value()); // no notification after the answer
    gw.process->signal(SIGTERM);
    CHECK(client.is_closed(5s));
    CHECK(client.close_code() == 1001);
    CHECK(gw.process->wait(10s) == 0);
  }

  TEST_CASE("a subscription goes to a provider whose calls work, not one behind an open breaker") {
    // "bad" answers every HTTP call 503 but serves WebSocket; "good" is a chain far ahead,
    // so the block numbers of the notifications say which provider relays them.
    auto bad
      = start_sim_jsonrpc({"--name", "bad", "--http-5xx-rate", "1", "--block-interval-ms", "100"});
    auto good = start_sim_jsonrpc(
      {"--name", "good", "--start-block", "0x2000000", "--block-interval-ms", "100"});
    auto gw = start_gateway(jsonrpc_node()
                            + jsonrpc_network("eth", {bad.port, good.port},
                                              "rules = [{ method = \"eth_*\" }]\npool_size = 1"));
    // Calls alternate between the providers until bad's breaker opens (5 failures in a row).
    auto pools = shell_until(gw, {"pools"}, [&](const std::string& out) {
      ws_test_client caller{gw.port_of("rpc")};
      for (int i = 0; i < 4; ++i) {
        REQUIRE(caller.send(R"({"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"})"));
        next(caller);
      }
      auto row = table_row(out, {"eth", "127.0.0.1:" + std::to_string(bad.port)});
      return row.size() > 1 && row[row.size() - 2] == "open"; // BREAKER, then CERT-EXPIRES
    });
    auto row = table_row(pools, {"eth", "127.0.0.1:" + std::to_string(bad.port)});
    REQUIRE_MESSAGE(!row.empty(), pools);
    REQUIRE(row.size() > 1);
    REQUIRE(row[row.size() - 2] == "open");
    ws_test_client client{gw.port_of("rpc")};
    auto id = subscribe_new_heads(client);
    auto n = next(client, 3s);
    INFO(json::serialize(n));
    REQUIRE(n.at("params").at("subscription").as_string() == id);
    CHECK(quantity(n.at("params").at("result").at("number")) >= 0x2000000);
  }
}
