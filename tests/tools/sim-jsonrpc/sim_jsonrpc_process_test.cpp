// sim-jsonrpc as a real process, over loopback HTTP, HTTPS and WebSocket.

#include "tests/tools/sim-jsonrpc/rpc_client.hpp"
#include "tests/tools/tool_processes.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <csignal>

using namespace switchyard::testing;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

const std::string chain_id_call = R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})";

json::value body_json(const http_outcome& outcome) {
  REQUIRE(outcome.status == exchange_status::answered);
  boost::system::error_code ec;
  auto value = json::parse(outcome.response.body(), ec);
  REQUIRE_MESSAGE(!ec, outcome.response.body());
  return value;
}

// Reads WebSocket messages until one is an eth_subscription push, within `timeout` overall.
std::optional<json::value> next_push(rpc_ws_client& ws, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    const auto text = ws.receive(left);
    if (!text)
      return std::nullopt;
    auto message = json::parse(*text);
    if (message.as_object().contains("method"))
      return message;
  }
  return std::nullopt;
}

} // namespace

TEST_SUITE("sim-jsonrpc process") {
  TEST_CASE("single calls are answered on one keep-alive connection") {
    auto sim = start_rpc_sim({"--name", "polygon", "--chain-id", "0x89"});
    rpc_http_client client{sim.port};
    CHECK(body_json(client.post(chain_id_call)).at("result") == "0x89");
    const auto version
      = body_json(client.post(R"({"jsonrpc":"2.0","id":"v","method":"web3_clientVersion"})"));
    CHECK(version.at("id") == "v");
    CHECK(version.at("result") == "sim-jsonrpc/polygon");
    CHECK(
      body_json(client.post(R"({"jsonrpc":"2.0","id":null,"method":"net_version"})")).at("result")
      == "137");
  }

  TEST_CASE("a batch is answered without its notifications, and notifications alone get 204") {
    auto sim = start_rpc_sim({});
    rpc_http_client client{sim.port};
    const auto batch = body_json(client.post(R"([
      {"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"},
      {"jsonrpc":"2.0","method":"eth_chainId"},
      {"jsonrpc":"2.0","id":2,"method":"eth_getBalance","params":["0x12"]}])"));
    REQUIRE(batch.as_array().size() == 2);
    CHECK(batch.as_array()[0].at("result").as_string().starts_with("0x10000"));
    CHECK(batch.as_array()[1].at("error").at("code") == -32602);
    const auto none = client.post(R"([{"jsonrpc":"2.0","method":"eth_chainId"}])");
    REQUIRE(none.status == exchange_status::answered);
    CHECK(none.response.result_int() == 204);
    CHECK(none.response.body().empty());
    CHECK(body_json(client.post(chain_id_call)).at("result") == "0x1");
  }

  TEST_CASE("malformed JSON gets -32700 with a null id") {
    auto sim = start_rpc_sim({});
    rpc_http_client client{sim.port};
    const auto error = body_json(client.post(R"({"jsonrpc":"2.0","id":1,)"));
    CHECK(error.at("error").at("code") == -32700);
    CHECK(error.at("id").is_null());
  }

  TEST_CASE("GET is 405, another content type 415, and a body over 1 MiB 413") {
    auto sim = start_rpc_sim({});
    rpc_http_client client{sim.port};
    http::request<http::string_body> get{http::verb::get, "/", 11};
    get.set(http::field::host, "127.0.0.1");
    const auto not_allowed = client.exchange(get);
    REQUIRE(not_allowed.status == exchange_status::answered);
    CHECK(not_allowed.response.result_int() == 405);
    const auto wrong_type = client.post(chain_id_call, "text/plain");
    REQUIRE(wrong_type.status == exchange_status::answered);
    CHECK(wrong_type.response.result_int() == 415);
    const auto big = client.post(std::string(1024 * 1024 + 1, ' '));
    REQUIRE(big.status == exchange_status::answered);
    CHECK(big.response.result_int() == 413);
  }

  TEST_CASE("pipelined requests are answered in order despite their latencies") {
    auto sim = start_rpc_sim({"--latency-ms", "uniform:0:20", "--seed", "7"});
    rpc_http_client client{sim.port};
    std::string bytes;
    for (int id = 0; id < 8; ++id) {
      const auto body
        = R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"eth_chainId"})";
      bytes += "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: "
               + std::to_string(body.size()) + "\r\n\r\n" + body;
    }
    const auto responses = client.exchange_raw(bytes, 8, std::chrono::seconds{5});
    REQUIRE(responses.size() == 8);
    for (int id = 0; id < 8; ++id)
      CHECK(json::parse(responses[static_cast<std::size_t>(id)].body()).at("id") == id);
  }

  TEST_CASE("a WebSocket subscription receives newHeads until eth_unsubscribe") {
    auto sim = start_rpc_sim({"--block-interval-ms", "50"});
    rpc_ws_client ws{sim.port};
    REQUIRE(ws.connected());
    REQUIRE(ws.send(chain_id_call));
    const auto answer = ws.receive();
    REQUIRE(answer);
    CHECK(json::parse(*answer).at("result") == "0x1");
    REQUIRE(ws.send(R"({"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["newHeads"]})"));
    const auto subscribed = ws.receive();
    REQUIRE(subscribed);
    const auto id = json::parse(*subscribed).at("result");
    REQUIRE(id.is_string());
    const auto push = next_push(ws, std::chrono::seconds{3});
    REQUIRE(push);
    CHECK(push->at("method") == "eth_subscription");
    CHECK(push->at("params").at("subscription") == id);
    const auto& head = push->at("params").at("result");
    for (const char* field : {"number", "hash", "parentHash", "timestamp"})
      CHECK(head.as_object().contains(field));
    REQUIRE(ws.send(R"({"jsonrpc":"2.0","id":3,"method":"eth_unsubscribe","params":[)"
                    + json::serialize(id) + "]}"));
    // Heads pushed before the unsubscribe arrived may still be on their way.
    std::optional<json::value> unsubscribed;
    while (auto text = ws.receive()) {
      auto message = json::parse(*text);
      if (message.as_object().contains("id")) {
        unsubscribed = std::move(message);
        break;
      }
    }
    REQUIRE(unsubscribed);
    CHECK(unsubscribed->at("result") == true);
    CHECK_FALSE(ws.receive(std::chrono::milliseconds{300}));
  }

  TEST_CASE("unsupported subscription kinds are -32602") {
    auto sim = start_rpc_sim({});
    rpc_ws_client ws{sim.port};
    REQUIRE(ws.connected());
    REQUIRE(ws.send(R"({"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["syncing"]})"));
    const auto answer = ws.receive();
    REQUIRE(answer);
    CHECK(json::parse(*answer).at("error").at("code") == -32602);
  }

  TEST_CASE("--http-429-rate 1 answers 429 with Retry-After") {
    auto sim = start_rpc_sim({"--http-429-rate", "1"});
    rpc_http_client client{sim.port};
    for (int i = 0; i < 2; ++i) {
      const auto outcome = client.post(chain_id_call);
      REQUIRE(outcome.status == exchange_status::answered);
      CHECK(outcome.response.result_int() == 429);
      CHECK(outcome.response[http::field::retry_after] == "1");
      CHECK(outcome.response.body().empty());
    }
  }

  TEST_CASE("--http-5xx-rate and --malformed-rate answer 503 and bodies that are not JSON") {
    auto unavailable = start_rpc_sim({"--http-5xx-rate", "1"});
    CHECK(rpc_http_client{unavailable.port}.post(chain_id_call).response.result_int() == 503);
    auto garbled = start_rpc_sim({"--malformed-rate", "1"});
    const auto outcome = rpc_http_client{garbled.port}.post(chain_id_call);
    REQUIRE(outcome.status == exchange_status::answered);
    CHECK(outcome.response.result_int() == 200);
    boost::system::error_code ec;
    json::parse(outcome.response.body(), ec);
    CHECK(ec);
  }

  TEST_CASE("--drop-rate 1 closes the connection and --hang-rate 1 keeps it open unanswered") {
    auto dropping = start_rpc_sim({"--drop-rate", "1"});
    CHECK(rpc_http_client{dropping.port}.post(chain_id_call).status == exchange_status::closed);
    auto hanging = start_rpc_sim({"--hang-rate", "1"});
    rpc_http_client client{hanging.port};
    CHECK(client.post(chain_id_call, "application/json", std::chrono::milliseconds{400}).status
          == exchange_status::timed_out);
  }

  TEST_CASE("HTTPS and WSS with --tls-cert and --tls-key") {
    const temp_dir dir;
    REQUIRE(generate_certificates(dir));
    auto sim = start_rpc_sim({"--tls-cert", dir.path() + "/server.pem", "--tls-key",
                              dir.path() + "/server.key", "--block-interval-ms", "50"});
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    tls.load_verify_file(dir.path() + "/ca.pem");
    rpc_http_client client{sim.port, &tls};
    CHECK(body_json(client.post(chain_id_call)).at("result") == "0x1");
    CHECK(body_json(client.post(chain_id_call)).at("id") == 1);
    rpc_ws_client ws{sim.port, &tls};
    REQUIRE(ws.connected());
    REQUIRE(ws.send(R"({"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["newHeads"]})"));
    REQUIRE(ws.receive());
    CHECK(next_push(ws, std::chrono::seconds{3}));
  }

  TEST_CASE("SIGTERM stops sim-jsonrpc with exit code 0 and a stats line") {
    auto sim = start_rpc_sim({"--name", "eth"});
    {
      rpc_http_client client{sim.port};
      REQUIRE(client.post(chain_id_call).status == exchange_status::answered);
      REQUIRE(client.post("[1]").status == exchange_status::answered);
    }
    sim.process->signal(SIGTERM);
    const auto stats = sim.process->wait_for_line("stats", std::chrono::seconds{5});
    REQUIRE(stats);
    CHECK(stats->find("sim-jsonrpc[eth]: stats connections=1 http_requests=2 ")
          != std::string::npos);
    CHECK(stats->find(" calls=1 invalid=1 ") != std::string::npos);
    CHECK(stats->find(" eth_chainId=1 ") != std::string::npos);
    CHECK(stats->find(" faults: none=2 ") != std::string::npos);
    const auto code = sim.process->wait(std::chrono::seconds{5});
    REQUIRE(code);
    CHECK(*code == 0);
  }

  TEST_CASE("usage errors exit 2 and --help exits 0") {
    const auto bad = run(tool_path("sim-jsonrpc"), {"--error-rate", "2"}, std::chrono::seconds{5});
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("invalid value for --error-rate") != std::string::npos);
    const auto help = run(tool_path("sim-jsonrpc"), {"--help"}, std::chrono::seconds{5});
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("--block-interval-ms") != std::string::npos);
  }
}
