// JSON-RPC routing end to end: by method, by path, batches and pipelined requests, through a
// real node to sim-jsonrpc providers that tell themselves apart by chain id.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/rpc_test_client.hpp"

#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

using namespace switchyard::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// Three providers (chain ids 10, 11, 12) behind "eth" (eth_*), "net" (net_*) and, with
// `with_default`, "other" (everything else).
struct three_networks {
  sim_process eth = start_sim_jsonrpc({"--chain-id", "10", "--name", "eth-sim"});
  sim_process net = start_sim_jsonrpc({"--chain-id", "11", "--name", "net-sim"});
  sim_process other = start_sim_jsonrpc({"--chain-id", "12", "--name", "other-sim"});

  std::string toml(bool with_default, const std::string& eth_extra = "") const {
    auto out
      = jsonrpc_node()
        + jsonrpc_network("eth", {eth.port}, "rules = [{ method = \"eth_*\" }]\n" + eth_extra)
        + jsonrpc_network("net", {net.port}, "rules = [{ method = \"net_*\" }]");
    if (with_default)
      out += jsonrpc_network("other", {other.port}, "rules = [{ default = true }]");
    return out;
  }
};

// Posts `body` to `target` and returns the JSON answer of a 200.
json::value answer_of(rpc_test_client& client, const std::string& body,
                      const std::string& target = "/") {
  auto a = client.post(body, target);
  REQUIRE(a.has_value());
  INFO(a->body);
  REQUIRE(a->status == 200);
  return parse_json(a->body);
}

// The result of an answer as text: the string itself, or the whole answer when it is not a
// string result (so a failed check shows what came back).
std::string result_of(const json::value& answer) {
  const auto* object = answer.if_object();
  if (object != nullptr && object->contains("result") && object->at("result").is_string())
    return std::string{object->at("result").as_string()};
  return json::serialize(answer);
}

std::string result_of(rpc_test_client& client, const std::string& method,
                      const std::string& target = "/") {
  return result_of(answer_of(client, rpc_call(method, "1"), target));
}

std::int64_t error_code_of(const json::value& answer) {
  return answer.at("error").at("code").as_int64();
}

} // namespace

TEST_SUITE("jsonrpc routing end to end") {
  TEST_CASE("calls go to the network whose method rule matches, else to the default network") {
    three_networks sims;
    auto gw = start_gateway(sims.toml(true));
    rpc_test_client client{gw.port_of("rpc")};
    CHECK(result_of(client, "eth_chainId") == "0xa");
    CHECK(result_of(client, "net_version") == "11");
    CHECK(result_of(client, "web3_clientVersion").find("other-sim") != std::string::npos);
    // One batch split over three networks comes back whole, in the order it was sent.
    auto batch = answer_of(
      client, rpc_batch({rpc_call("net_version", "\"a\""), rpc_call("web3_clientVersion", "\"b\""),
                         rpc_call("eth_chainId", "\"c\"")}));
    INFO(json::serialize(batch));
    REQUIRE(batch.is_array());
    REQUIRE(batch.as_array().size() == 3);
    CHECK(batch.at(0).at("id") == "a");
    CHECK(result_of(batch.at(0)) == "11");
    CHECK(batch.at(1).at("id") == "b");
    CHECK(result_of(batch.at(1)).find("other-sim") != std::string::npos);
    CHECK(batch.at(2).at("id") == "c");
    CHECK(result_of(batch.at(2)) == "0xa");
  }

  TEST_CASE("a POST to /<network> goes to that network whatever the method") {
    three_networks sims;
    auto gw = start_gateway(sims.toml(true));
    rpc_test_client client{gw.port_of("rpc")};
    CHECK(result_of(client, "eth_chainId", "/net") == "0xb");
    CHECK(result_of(client, "net_version", "/eth") == "10");
    CHECK(result_of(client, "eth_chainId", "/other") == "0xc");
    CHECK(result_of(client, "net_version", "/eth/?key=abc") == "10");
    // A method no rule takes still reaches the network the path names.
    CHECK(result_of(client, "web3_clientVersion", "/net").find("net-sim") != std::string::npos);
  }

  TEST_CASE("a call no rule takes is answered -32601 naming its method and an unknown path 404") {
    three_networks sims;
    auto gw = start_gateway(sims.toml(false));
    rpc_test_client client{gw.port_of("rpc")};
    auto a = answer_of(client, rpc_call("debug_traceTransaction", "7"));
    INFO(json::serialize(a));
    CHECK(a.at("id") == 7);
    CHECK(error_code_of(a) == -32601);
    CHECK(a.at("error").at("data").at("method") == "debug_traceTransaction");
    // The calls around it in a batch are still answered by their networks.
    auto batch
      = answer_of(client, rpc_batch({rpc_call("eth_chainId", "1"), rpc_call("foo_bar", "2"),
                                     rpc_call("net_version", "3")}));
    INFO(json::serialize(batch));
    REQUIRE(batch.as_array().size() == 3);
    CHECK(result_of(batch.at(0)) == "0xa");
    CHECK(error_code_of(batch.at(1)) == -32601);
    CHECK(batch.at(1).at("error").at("data").at("method") == "foo_bar");
    CHECK(result_of(batch.at(2)) == "11");
    auto missing = client.post(rpc_call("eth_chainId", "4"), "/nope");
    REQUIRE(missing.has_value());
    CHECK(missing->status == 404);
    auto body = parse_json(missing->body);
    CHECK(error_code_of(body) == -32601);
    CHECK(body.at("error").at("data").at("network") == "nope");
    // The connection goes on after a 404.
    CHECK(result_of(client, "eth_chainId") == "0xa");
  }

  TEST_CASE("a batch of 500 calls is answered whole, in order, with every id intact") {
    three_networks sims;
    auto gw = start_gateway(sims.toml(false, "pool_size = 2\npipeline_depth = 8"));
    const std::vector<std::string> methods{"eth_chainId", "net_version", "eth_blockNumber",
                                           "web3_clientVersion"};
    std::vector<std::string> calls;
    std::vector<std::pair<std::string, std::string>> owed; // id JSON, method
    std::size_t upstream_calls = 0;
    for (std::size_t i = 0; i < 500; ++i) {
      const auto& method = methods[i % methods.size()];
      // Every ninth call is a notification; ids alternate between numbers and strings.
      std::string id;
      if (i % 9 != 4)
        id = i % 2 == 0 ? std::to_string(i) : "\"c-" + std::to_string(i) + "\"";
      calls.push_back(rpc_call(method, id));
      if (!id.empty())
        owed.emplace_back(id, method);
      if (method != "web3_clientVersion")
        ++upstream_calls;
    }
    rpc_test_client client{gw.port_of("rpc")};
    auto a = client.post(rpc_batch(calls), "/", 10s);
    REQUIRE(a.has_value());
    REQUIRE(a->status == 200);
    auto answers = parse_json(a->body);
    REQUIRE(answers.is_array());
    REQUIRE(answers.as_array().size() == owed.size());
    for (std::size_t i = 0; i < owed.size(); ++i) {
      const auto& [id, method] = owed[i];
      const auto& answer = answers.at(i);
      INFO(i, " ", method, ": ", json::serialize(answer));
      REQUIRE(answer.at("id") == parse_json(id));
      if (method == "eth_chainId")
        CHECK(result_of(answer) == "0xa");
      else if (method == "net_version")
        CHECK(result_of(answer) == "11");
      else if (method == "eth_blockNumber")
        CHECK(result_of(answer).starts_with("0x"));
      else
        CHECK(error_code_of(answer) == -32601);
    }
    // Notifications went upstream too, though nobody waited for them.
    auto stats = shell_until(gw, {"stats"}, [&](const std::string& out) {
      auto eth = table_row(out, {"eth"});
      auto net = table_row(out, {"net"});
      return eth.size() > 2 && net.size() > 2
             && std::stoul(eth[2]) + std::stoul(net[2]) == upstream_calls;
    });
    INFO(stats);
    auto eth = table_row(stats, {"eth"});
    auto net = table_row(stats, {"net"});
    REQUIRE(eth.size() > 2);
    REQUIRE(net.size() > 2);
    CHECK(std::stoul(eth[2]) + std::stoul(net[2]) == upstream_calls);
  }

  TEST_CASE("requests written at once on one connection are answered in request order") {
    auto slow = start_sim_jsonrpc({"--chain-id", "10", "--latency-ms", "400"});
    auto fast = start_sim_jsonrpc({"--chain-id", "11"});
    auto gw = start_gateway(
      jsonrpc_node()
      + jsonrpc_network("eth", {slow.port}, "rules = [{ method = \"eth_*\" }]\npool_size = 2")
      + jsonrpc_network("net", {fast.port}, "rules = [{ method = \"net_*\" }]"));
    rpc_test_client client{gw.port_of("rpc")};
    // The first and third requests wait on the slow provider; the ones between and after
    // are answered at once upstream but must not overtake them on the wire.
    auto started = std::chrono::steady_clock::now();
    REQUIRE(client.send_raw(
      post_request(rpc_call("eth_chainId", "1")) + post_request(rpc_call("net_version", "2"))
      + post_request(rpc_batch({rpc_call("net_version", "3"), rpc_call("eth_chainId", "4")}))
      + post_request(rpc_call("net_version", ""))
      + post_request(rpc_call("eth_chainId", "5"), "/net")));
    std::vector<http_answer> answers;
    for (int i = 0; i < 5; ++i) {
      auto a = client.receive(5s);
      REQUIRE(a.has_value());
      answers.push_back(*a);
    }
    auto took = std::chrono::steady_clock::now() - started;
    auto first = parse_json(answers[0].body);
    CHECK(first.at("id") == 1);
    CHECK(result_of(first) == "0xa");
    auto second = parse_json(answers[1].body);
    CHECK(second.at("id") == 2);
    CHECK(result_of(second) == "11");
    auto third = parse_json(answers[2].body);
    REQUIRE(third.is_array());
    CHECK(third.at(0).at("id") == 3);
    CHECK(third.at(1).at("id") == 4);
    CHECK(result_of(third.at(1)) == "0xa");
    CHECK(answers[3].status == 204); // a notification alone is owed no body
    CHECK(answers[3].body.empty());
    auto fifth = parse_json(answers[4].body);
    CHECK(fifth.at("id") == 5);
    CHECK(result_of(fifth) == "0xb");
    // Both slow calls were upstream at the same time: pipelined requests are served
    // concurrently and only their answers are put in order.
    CHECK(took < 750ms);
  }
}
