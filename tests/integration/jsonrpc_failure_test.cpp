// JSON-RPC provider failures end to end: a provider answering garbage, 429 or 503, and a
// provider killed outright, next to a healthy one or alone.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/rpc_test_client.hpp"

#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <csignal>
#include <set>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// One way for a provider to fail, and what the gateway's error reason says about it.
struct provider_fault {
  std::vector<std::string> args;
  std::string reason;
};

const std::vector<provider_fault>& faults() {
  static const std::vector<provider_fault> all{
    {{"--malformed-rate", "1"}, "invalid JSON-RPC answer"},
    {{"--http-429-rate", "1"}, "HTTP 429"},
    {{"--http-5xx-rate", "1"}, "HTTP 503"},
  };
  return all;
}

// What came back for the calls of one test.
struct tally {
  std::size_t healthy = 0;         ///< answered by the healthy provider
  std::size_t upstream_errors = 0; ///< -32003: the provider answered something unusable
  std::size_t other_errors = 0;    ///< other clean gateway errors (-32000 once its breaker opens)
};

// Checks that `answer` is the healthy provider's "0x1" or a clean gateway error naming
// network "eth" (with `reason` when it is -32003), and counts it.
void count(const json::value& answer, const std::string& reason, tally& t) {
  INFO(json::serialize(answer));
  const auto& object = answer.as_object();
  if (object.contains("result")) {
    CHECK(object.at("result") == "0x1");
    ++t.healthy;
    return;
  }
  REQUIRE(is_gateway_error(answer, "eth"));
  if (object.at("error").at("code") != -32003) {
    ++t.other_errors;
    return;
  }
  ++t.upstream_errors;
  auto why = json::serialize(object.at("error").at("data").at("reason"));
  CHECK(why.find(reason) != std::string::npos);
}

// Sends 30 single calls and a batch of 20 on one connection and tallies the answers.
tally call_eth(std::uint16_t port, const std::string& reason) {
  tally t;
  rpc_test_client client{port};
  for (int i = 0; i < 30; ++i) {
    auto a = client.post(rpc_call("eth_chainId", std::to_string(i)));
    REQUIRE(a.has_value());
    REQUIRE(a->status == 200);
    auto answer = parse_json(a->body);
    CHECK(answer.at("id") == i);
    count(answer, reason, t);
  }
  std::vector<std::string> batch;
  for (int i = 0; i < 20; ++i)
    batch.push_back(rpc_call("eth_chainId", std::to_string(100 + i)));
  auto a = client.post(rpc_batch(batch));
  REQUIRE(a.has_value());
  REQUIRE(a->status == 200);
  auto answers = parse_json(a->body);
  REQUIRE(answers.as_array().size() == 20);
  for (int i = 0; i < 20; ++i) {
    CHECK(answers.at(i).at("id") == 100 + i);
    count(answers.at(i), reason, t);
  }
  return t;
}

// The "upstream errors" column of network `name` in the shell's stats.
std::size_t upstream_errors(const gateway_process& gw, const std::string& name) {
  auto row = table_row(shell(gw, {"stats"}), {name});
  REQUIRE(!row.empty());
  return std::stoul(row.back());
}

} // namespace

TEST_SUITE("jsonrpc provider failures end to end") {
  TEST_CASE("a failing provider next to a healthy one yields clean errors or healthy answers") {
    for (const auto& fault : faults()) {
      CAPTURE(fault.reason);
      auto good = start_sim_jsonrpc({"--chain-id", "1"});
      auto bad = start_sim_jsonrpc(fault.args);
      auto gw = start_gateway(jsonrpc_node()
                              + jsonrpc_network("eth", {good.port, bad.port},
                                                "rules = [{ method = \"eth_*\" }]\npool_size = 2"));
      auto t = call_eth(gw.port_of("rpc"), fault.reason);
      CHECK(t.healthy > 0);
      CHECK(t.upstream_errors > 0); // the failing provider did take calls
      CHECK(t.healthy + t.upstream_errors + t.other_errors == 50);
      CHECK(upstream_errors(gw, "eth") == t.upstream_errors);
    }
  }

  TEST_CASE("a failing provider alone yields a clean JSON-RPC error for every call") {
    for (const auto& fault : faults()) {
      CAPTURE(fault.reason);
      auto bad = start_sim_jsonrpc(fault.args);
      auto gw = start_gateway(
        jsonrpc_node() + jsonrpc_network("eth", {bad.port}, "rules = [{ method = \"eth_*\" }]"));
      auto t = call_eth(gw.port_of("rpc"), fault.reason);
      CHECK(t.healthy == 0);
      CHECK(t.upstream_errors > 0);
      CHECK(upstream_errors(gw, "eth") == t.upstream_errors);
      // Its breaker opened, and the shell's pools say so (they are re-reported every second).
      auto pools = shell_until(gw, {"pools"}, [](const std::string& out) {
        auto row = table_row(out, {"eth"});
        return row.size() > 1 && row[row.size() - 2] == "open"; // BREAKER, then CERT-EXPIRES
      });
      auto row = table_row(pools, {"eth"});
      REQUIRE_MESSAGE(row.size() > 1, pools);
      CHECK(row[row.size() - 2] == "open");
    }
  }

  TEST_CASE("after one of two providers is killed the other answers every call") {
    auto a = start_sim_jsonrpc({"--chain-id", "10"});
    auto b = start_sim_jsonrpc({"--chain-id", "11", "--latency-ms", "400"});
    auto gw = start_gateway(jsonrpc_node()
                            + jsonrpc_network("eth", {a.port, b.port},
                                              "rules = [{ method = \"eth_*\" }]\npool_size = 2\n"
                                              "connect_timeout_ms = 300"));
    const auto dead = "127.0.0.1:" + std::to_string(b.port);
    rpc_test_client client{gw.port_of("rpc")};
    std::vector<std::string> calls;
    for (int i = 0; i < 10; ++i)
      calls.push_back(rpc_call("eth_chainId", std::to_string(i)));
    std::set<std::string> chains;
    auto warm = parse_json(client.post(rpc_batch(calls)).value().body);
    for (const auto& answer : warm.as_array())
      chains.insert(json::serialize(answer.at("result")));
    REQUIRE(chains == std::set<std::string>{"\"0xa\"", "\"0xb\""});

    // Calls in flight to the provider when it dies are answered with a clean error at once,
    // not when their 30 s timeout runs out.
    REQUIRE(client.send_raw(post_request(rpc_batch(calls))));
    std::this_thread::sleep_for(100ms);
    b.process->signal(SIGKILL);
    auto killed = std::chrono::steady_clock::now();
    auto in_flight = client.receive(3s);
    REQUIRE(in_flight.has_value());
    CHECK(std::chrono::steady_clock::now() - killed < 1s);
    std::size_t lost = 0;
    auto answers = parse_json(in_flight->body);
    for (const auto& answer : answers.as_array()) {
      INFO(json::serialize(answer));
      if (answer.as_object().contains("result")) {
        CHECK(answer.at("result") == "0xa");
        continue;
      }
      CHECK(is_gateway_error(answer, "eth"));
      ++lost;
    }
    CHECK(lost > 0);
    REQUIRE(b.process->wait(2s) == -SIGKILL);
    // Calls racing the node's discovery of the death get the survivor's answer or a clean
    // error, never silence.
    for (int i = 0; i < 10; ++i) {
      auto reply = client.post(rpc_call("eth_chainId", std::to_string(i)));
      REQUIRE(reply.has_value());
      auto answer = parse_json(reply->body);
      INFO(reply->body);
      CHECK((answer.as_object().contains("result") ? answer.at("result") == "0xa"
                                                   : is_gateway_error(answer, "eth")));
    }
    const auto alive = "127.0.0.1:" + std::to_string(a.port);
    // Pools are reported every second: wait for a report that has seen the dead host's
    // connections open and then closed.
    auto pools = shell_until(gw, {"pools"}, [&](const std::string& out) {
      auto row = table_row(out, {"eth", dead});
      return row.size() > 7 && row[4] == "0" && row[7] != "0";
    });
    INFO(pools);
    auto row = table_row(pools, {"eth", dead});
    REQUIRE(row.size() > 7);
    CHECK(row[4] == "0"); // no connection open to the dead provider
    CHECK(row[7] != "0"); // closed ones counted
    auto live = table_row(pools, {"eth", alive});
    REQUIRE(live.size() > 4);
    CHECK(live[4] == "2");
    // Once the node knows, every call is the survivor's, on fresh connections too.
    for (int c = 0; c < 3; ++c) {
      rpc_test_client fresh{gw.port_of("rpc")};
      for (int i = 0; i < 10; ++i) {
        auto reply = fresh.post(rpc_call("eth_chainId", std::to_string(i)));
        REQUIRE(reply.has_value());
        INFO(reply->body);
        CHECK(parse_json(reply->body).at("result") == "0xa");
      }
    }
    // The network as a whole stays up: one provider is enough.
    auto health = shell(gw, {"health"});
    INFO(health);
    auto verdict = table_row(health, {"eth"});
    REQUIRE(verdict.size() > 1);
    CHECK(verdict[1] == "healthy");
  }
}
