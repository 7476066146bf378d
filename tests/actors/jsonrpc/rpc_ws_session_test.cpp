// The WebSocket front and the subscription upstream over loopback: a real listener and a real
// network made by the protocol factory, in front of a scripted provider.

#include "actors/jsonrpc/rpc_protocol.hpp"
#include "tests/actors/jsonrpc/fake_ws_provider.hpp"
#include "tests/actors/jsonrpc/http_client.hpp"
#include "tests/actors/jsonrpc/rpc_upstream_support.hpp"
#include "tests/integration/ws_test_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <doctest/doctest.h>

#include <thread>

using namespace switchyard;
using namespace switchyard::test;
using namespace std::chrono_literals;
using switchyard::testing::ws_test_client;

namespace {

namespace json = boost::json;

// A listener and one network "eth" (every eth_* method) whose providers are `ports`.
class ws_gateway {
public:
  explicit ws_gateway(const std::vector<std::uint16_t>& ports) {
    auto n = eth(ports);
    config::rule_settings rule;
    rule.method = "eth_*";
    n.rules.push_back(rule);
    network_setup ns;
    ns.network = n;
    ns.io = &io_;
    ns.events = std::make_shared<no_events>();
    REQUIRE(jsonrpc_protocol().make_network(ns, network_).empty());
    REQUIRE(network_->start().empty());
    auto routes = std::make_shared<route_board>();
    routes->store(std::make_shared<route_snapshot>(
      route_snapshot{core::routing_table({n}), {network_->port()}, {}}));
    listener_setup ls;
    ls.listener.name = "rpc-ws";
    ls.listener.protocol = config::protocol_kind::jsonrpc;
    ls.listener.max_frame_bytes = 64 * 1024;
    ls.listener.read_timeout_ms = 2000;
    ls.io = &io_;
    ls.routes = routes;
    REQUIRE(jsonrpc_protocol().start_listener(ls, listener_).empty());
    for (int i = 0; i < 2; ++i)
      threads_.emplace_back([this] { io_.run(); });
  }

  ~ws_gateway() {
    listener_->stop();
    network_->stop();
    work_.reset();
    std::this_thread::sleep_for(50ms); // the stops run on the I/O threads
    io_.stop();
    for (auto& t : threads_)
      t.join();
  }

  ws_gateway(const ws_gateway&) = delete;
  ws_gateway& operator=(const ws_gateway&) = delete;

  std::uint16_t port() const { return listener_->port(); }

  listener_path& listener() { return *listener_; }

private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
    io_.get_executor()};
  std::shared_ptr<network_path> network_;
  std::shared_ptr<listener_path> listener_;
  std::vector<std::thread> threads_;
};

template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds within = 3s) {
  auto until = std::chrono::steady_clock::now() + within;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

json::value next(ws_test_client& client) {
  auto text = client.receive(3s);
  REQUIRE_MESSAGE(text.has_value(), "no message within 3 s");
  return json::parse(*text);
}

// Subscribes and returns the client's subscription id.
std::string subscribe(ws_test_client& client) {
  REQUIRE(
    client.send(R"({"jsonrpc":"2.0","id":"s","method":"eth_subscribe","params":["newHeads"]})"));
  auto answer = next(client);
  INFO(json::serialize(answer));
  REQUIRE(answer.as_object().contains("result"));
  return std::string{answer.at("result").as_string()};
}

} // namespace

TEST_SUITE("rpc_ws_session") {
  TEST_CASE("calls and batches over a WebSocket are answered through the network") {
    test::fake_ws_provider provider;
    ws_gateway gw{{provider.port()}};
    ws_test_client client{gw.port()};
    REQUIRE(client.send(R"({"jsonrpc":"2.0","id":7,"method":"eth_blockNumber"})"));
    auto answer = next(client);
    CHECK(answer.at("id").as_int64() == 7);
    CHECK(answer.at("result").as_string() == "0x1");
    REQUIRE(client.send(R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},)"
                        R"({"jsonrpc":"2.0","id":2,"method":"nope_method"},)"
                        R"({"jsonrpc":"2.0","method":"eth_notify"}])"));
    auto batch = next(client);
    REQUIRE(batch.is_array());
    REQUIRE(batch.as_array().size() == 2);
    CHECK(batch.as_array()[0].at("result").as_string() == "0x1");
    CHECK(batch.as_array()[1].at("error").at("code").as_int64() == -32601);
    REQUIRE(client.send("{not json"));
    CHECK(next(client).at("error").at("code").as_int64() == -32700);
  }

  TEST_CASE("notifications are relayed under the client's id and eth_unsubscribe is translated") {
    test::fake_ws_provider provider;
    ws_gateway gw{{provider.port()}};
    ws_test_client client{gw.port()};
    auto id = subscribe(client);
    CHECK(id.size() == 18);
    CHECK(id.starts_with("0x"));
    REQUIRE(eventually([&] { return provider.subscriptions().size() == 1; }));
    auto upstream_id = provider.subscriptions().front();
    CHECK(upstream_id != id);
    provider.push(5);
    provider.push(6);
    for (const char* number : {"5", "6"}) {
      auto n = next(client);
      CHECK(n.at("method").as_string() == "eth_subscription");
      CHECK(n.at("params").at("subscription").as_string() == id);
      CHECK(n.at("params").at("result").at("number").as_string() == number);
    }
    REQUIRE(client.send(R"({"jsonrpc":"2.0","id":9,"method":"eth_unsubscribe","params":[")" + id
                        + R"("]})"));
    auto answer = next(client);
    CHECK(answer.at("id").as_int64() == 9);
    CHECK(answer.at("result").as_bool());
    REQUIRE(eventually([&] { return provider.unsubscribed().size() == 1; }));
    CHECK(provider.unsubscribed().front() == upstream_id);
    REQUIRE(client.send(R"({"jsonrpc":"2.0","id":10,"method":"eth_unsubscribe","params":[")" + id
                        + R"("]})"));
    CHECK_FALSE(next(client).at("result").as_bool());
    provider.push(7);
    CHECK_FALSE(client.receive(300ms).has_value());
  }

  TEST_CASE("a subscription whose provider is lost ends with an error notification") {
    test::fake_ws_provider provider;
    ws_gateway gw{{provider.port()}};
    ws_test_client client{gw.port()};
    auto id = subscribe(client);
    REQUIRE(eventually([&] { return provider.subscriptions().size() == 1; }));
    provider.kill();
    auto n = next(client);
    INFO(json::serialize(n));
    CHECK(n.at("method").as_string() == "eth_subscription");
    CHECK(n.at("params").at("subscription").as_string() == id);
    const auto& error = n.at("params").at("error");
    CHECK(error.at("code").as_int64() == -32000);
    CHECK(error.at("data").at("network").as_string() == "eth");
    // The subscription is gone: unsubscribing it finds nothing.
    REQUIRE(client.send(R"({"jsonrpc":"2.0","id":3,"method":"eth_unsubscribe","params":[")" + id
                        + R"("]})"));
    CHECK_FALSE(next(client).at("result").as_bool());
  }

  TEST_CASE("a new subscription after a provider's loss goes to a provider still there") {
    test::fake_ws_provider a;
    test::fake_ws_provider b;
    ws_gateway gw{{a.port(), b.port()}};
    ws_test_client client{gw.port()};
    subscribe(client);
    REQUIRE(eventually([&] { return a.subscriptions().size() + b.subscriptions().size() == 1; }));
    auto& pinned = a.subscriptions().empty() ? b : a;
    auto& other = a.subscriptions().empty() ? a : b;
    pinned.kill();
    CHECK(next(client).at("params").as_object().contains("error"));
    auto id = subscribe(client);
    REQUIRE(eventually([&] { return other.subscriptions().size() == 1; }));
    other.push(11);
    auto n = next(client);
    CHECK(n.at("params").at("subscription").as_string() == id);
  }

  TEST_CASE("closing the client's connection closes its subscriptions upstream") {
    test::fake_ws_provider provider;
    ws_gateway gw{{provider.port()}};
    {
      ws_test_client client{gw.port()};
      subscribe(client);
      subscribe(client);
      REQUIRE(eventually([&] { return provider.subscriptions().size() == 2; }));
    }
    CHECK(eventually([&] { return provider.unsubscribed().size() == 2; }));
    CHECK(provider.subscriptions().empty());
  }

  TEST_CASE("eth_subscribe over plain HTTP is answered that it needs a WebSocket") {
    test::fake_ws_provider provider;
    ws_gateway gw{{provider.port()}};
    test::http_client http{gw.port()};
    auto answer
      = http.call(R"({"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]})");
    REQUIRE(answer.has_value());
    CHECK(answer->result_int() == 200);
    auto body = json::parse(answer->body());
    CHECK(body.at("error").at("code").as_int64() == -32601);
    CHECK(std::string{body.at("error").at("data").at("reason").as_string()}.find("WebSocket")
          != std::string::npos);
  }

  TEST_CASE("an upgrade on a path naming no network is refused") {
    test::fake_ws_provider provider;
    ws_gateway gw{{provider.port()}};
    CHECK_THROWS(ws_test_client{gw.port(), "/nope"});
    ws_test_client by_path{gw.port(), "/eth"};
    REQUIRE(by_path.send(R"({"jsonrpc":"2.0","id":1,"method":"web3_clientVersion"})"));
    CHECK(next(by_path).at("result").as_string() == "0x1");
  }

  TEST_CASE("draining the listener sends a close frame once the calls read are answered") {
    test::fake_ws_provider provider;
    ws_gateway gw{{provider.port()}};
    ws_test_client client{gw.port()};
    subscribe(client);
    gw.listener().drain();
    CHECK(client.is_closed(3s));
    CHECK(client.close_code() == 1001);
    CHECK(eventually([&] { return gw.listener().is_drained(); }));
    CHECK(eventually([&] { return provider.unsubscribed().size() == 1; }));
  }
}
