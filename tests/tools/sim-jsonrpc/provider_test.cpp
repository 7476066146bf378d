#include "tools/sim-jsonrpc/provider.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

using namespace switchyard::rpc_sim;
namespace json = boost::json;

namespace {

constexpr std::string_view chain_id_call = R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})";

struct fixture {
  provider_settings settings;
  chain blocks{1, 0x1000000, std::chrono::milliseconds{1000}, chain::clock::time_point{}, 0};
  provider_stats stats;
  std::mt19937_64 rng{5};
  subscriptions subs;

  planned_reply post(std::string_view body, std::string_view type = "application/json",
                     std::string_view method = "POST", bool keep_alive = true) {
    const provider p{settings, blocks, stats};
    return p.answer_http({method, type, body, keep_alive}, rng, chain::clock::time_point{});
  }

  planned_reply message(std::string_view text) {
    const provider p{settings, blocks, stats};
    return p.answer_ws(text, subs, rng, chain::clock::time_point{});
  }
};

std::string_view body_of(const std::string& response) {
  const auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? std::string_view{} : std::string_view(response).substr(at + 4);
}

bool is_json(std::string_view text) {
  boost::system::error_code ec;
  json::parse(text, ec);
  return !ec;
}

} // namespace

TEST_SUITE("sim-jsonrpc provider") {
  TEST_CASE_FIXTURE(fixture, "a POST of JSON is answered 200 with the JSON-RPC response") {
    const auto r = post(chain_id_call);
    CHECK(r.action == reply_action::send);
    CHECK(r.delay.count() == 0);
    CHECK(r.bytes.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(r.bytes.find("Content-Type: application/json\r\n") != std::string::npos);
    CHECK(body_of(r.bytes) == R"({"jsonrpc":"2.0","id":1,"result":"0x1"})");
    CHECK(stats.http_requests == 1);
    CHECK(stats.by_fault[0] == 1);
  }

  TEST_CASE_FIXTURE(fixture, "notifications only are answered 204 without a body") {
    const auto r = post(R"([{"jsonrpc":"2.0","method":"eth_chainId"}])");
    CHECK(r.bytes.starts_with("HTTP/1.1 204 No Content\r\n"));
    CHECK(r.bytes.find("Content-Length") == std::string::npos);
    CHECK(body_of(r.bytes).empty());
  }

  TEST_CASE_FIXTURE(fixture, "other methods are 405 and other content types 415") {
    const auto get = post({}, "application/json", "GET");
    CHECK(get.bytes.starts_with("HTTP/1.1 405 "));
    CHECK(get.bytes.find("Allow: POST\r\n") != std::string::npos);
    CHECK(post(chain_id_call, "text/plain").bytes.starts_with("HTTP/1.1 415 "));
    CHECK(post(chain_id_call, "").bytes.starts_with("HTTP/1.1 415 "));
    CHECK(post(chain_id_call, "Application/JSON; charset=utf-8").bytes.starts_with("HTTP/1.1 200"));
    CHECK(stats.rejected == 3);
  }

  TEST_CASE_FIXTURE(fixture, "a request asking to close is answered, then the connection closes") {
    const auto r = post(chain_id_call, "application/json", "POST", false);
    CHECK(r.action == reply_action::send_and_close);
    CHECK(r.bytes.find("Connection: close\r\n") != std::string::npos);
  }

  TEST_CASE_FIXTURE(fixture, "429 carries Retry-After and no JSON-RPC body") {
    settings.faults.http_429 = 1;
    const auto r = post(chain_id_call);
    CHECK(r.bytes.starts_with("HTTP/1.1 429 Too Many Requests\r\n"));
    CHECK(r.bytes.find("Retry-After: 1\r\n") != std::string::npos);
    CHECK(body_of(r.bytes).empty());
    CHECK(stats.by_fault[static_cast<std::size_t>(fault::http_429)] == 1);
  }

  TEST_CASE_FIXTURE(fixture, "5xx, malformed, drop and hang faults") {
    settings.faults.http_5xx = 1;
    CHECK(post(chain_id_call).bytes.starts_with("HTTP/1.1 503 "));
    settings.faults = {};
    settings.faults.malformed = 1;
    const auto bad = post(chain_id_call);
    CHECK(bad.bytes.starts_with("HTTP/1.1 200 OK"));
    CHECK_FALSE(body_of(bad.bytes).empty());
    CHECK_FALSE(is_json(body_of(bad.bytes)));
    CHECK_FALSE(is_json(body_of(post(R"({"jsonrpc":"2.0","method":"x"})").bytes)));
    settings.faults = {};
    settings.faults.drop = 1;
    CHECK(post(chain_id_call).action == reply_action::close);
    settings.faults = {};
    settings.faults.hang = 1;
    CHECK(post(chain_id_call).action == reply_action::hang);
  }

  TEST_CASE_FIXTURE(fixture, "answers wait the drawn latency") {
    settings.latency = *switchyard::sim::parse_latency_model("5");
    CHECK(post(chain_id_call).delay == std::chrono::milliseconds{5});
    CHECK(message(chain_id_call).delay == std::chrono::milliseconds{5});
  }

  TEST_CASE_FIXTURE(fixture, "the same seed gives the same faults") {
    settings.faults.drop = 0.5;
    std::vector<reply_action> first;
    for (int i = 0; i < 32; ++i)
      first.push_back(post(chain_id_call).action);
    rng.seed(5);
    for (int i = 0; i < 32; ++i)
      CHECK(post(chain_id_call).action == first[static_cast<std::size_t>(i)]);
  }

  TEST_CASE_FIXTURE(fixture, "rejections close the connection after answering") {
    const provider p{settings, blocks, stats};
    const auto r = p.reject_http(413, "too large");
    CHECK(r.action == reply_action::send_and_close);
    CHECK(r.bytes.starts_with("HTTP/1.1 413 Payload Too Large\r\n"));
    CHECK(r.bytes.find("Connection: close\r\n") != std::string::npos);
  }

  TEST_CASE_FIXTURE(fixture, "WebSocket messages are answered as JSON-RPC text, and subscribe") {
    CHECK(message(chain_id_call).bytes == R"({"jsonrpc":"2.0","id":1,"result":"0x1"})");
    CHECK(message(R"({"jsonrpc":"2.0","method":"eth_chainId"})").bytes.empty());
    const auto sub = json::parse(
      message(R"({"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["newHeads"]})").bytes);
    CHECK(sub.at("result").as_string() == subs.ids().at(0));
    CHECK(stats.ws_messages == 3);
  }

  TEST_CASE_FIXTURE(fixture, "HTTP status faults answer WebSocket messages normally") {
    settings.faults.http_429 = 1;
    CHECK(message(chain_id_call).bytes == R"({"jsonrpc":"2.0","id":1,"result":"0x1"})");
    settings.faults = {};
    settings.faults.malformed = 1;
    CHECK_FALSE(is_json(message(chain_id_call).bytes));
  }

  TEST_CASE_FIXTURE(fixture, "a new head is an eth_subscription notification with the header") {
    const provider p{settings, blocks, stats};
    const auto n = json::parse(p.new_head("0xabc", 0x1000001));
    CHECK(n.at("jsonrpc") == "2.0");
    CHECK(n.at("method") == "eth_subscription");
    CHECK_FALSE(n.as_object().contains("id"));
    CHECK(n.at("params").at("subscription") == "0xabc");
    const auto& head = n.at("params").at("result");
    CHECK(head.at("number") == "0x1000001");
    CHECK(head.at("hash").as_string() == blocks.hash_of(0x1000001));
    CHECK(head.at("parentHash").as_string() == blocks.hash_of(0x1000000));
    CHECK(head.as_object().contains("timestamp"));
    CHECK(stats.heads_pushed == 1);
  }

  TEST_CASE_FIXTURE(fixture, "answers name the simulator and say whether the connection stays") {
    const auto kept = post(chain_id_call).bytes;
    CHECK(kept.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(kept.find("\r\nServer: sim-jsonrpc\r\n") != std::string::npos);
    CHECK(kept.find("\r\nConnection: keep-alive\r\n") != std::string::npos);
    const auto closing = post(chain_id_call, "application/json", "POST", false).bytes;
    CHECK(closing.find("\r\nConnection: close\r\n") != std::string::npos);
  }

  TEST_CASE("the statistics line names every method and fault") {
    provider_stats s;
    s.count(method_id::eth_call);
    s.count(fault::hang);
    const auto line = to_string(s);
    CHECK(line.starts_with("connections=0 http_requests=0"));
    CHECK(line.find(" calls=1 ") != std::string::npos);
    CHECK(line.find(" eth_call=1 ") != std::string::npos);
    CHECK(line.find(" other=0 faults: none=0 drop=0 hang=1 ") != std::string::npos);
  }
}
