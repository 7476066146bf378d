#include "actors/jsonrpc/rpc_subscriptions.hpp"

#include "actors/jsonrpc/rpc_notification.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace switchyard;

namespace {

struct null_sink final : subscription_sink {
  void relay(const std::string&, std::string) override {}

  void end(const std::string&, std::string) override {}
};

subscription_entry entry(std::string client, std::size_t host, std::string provider,
                         const std::shared_ptr<subscription_sink>& sink) {
  return {std::move(client), host, std::move(provider), sink};
}

} // namespace

TEST_SUITE("subscription_registry") {
  TEST_CASE("finds a subscription by the client's id and by the provider's id on its host") {
    auto sink = std::make_shared<null_sink>();
    subscription_registry r;
    REQUIRE(r.add(entry("0xc1", 0, "0xp1", sink)));
    REQUIRE(r.add(entry("0xc2", 1, "0xp1", sink)));
    CHECK(r.size() == 2);
    REQUIRE(r.by_client("0xc2") != nullptr);
    CHECK(r.by_client("0xc2")->provider_id == "0xp1");
    CHECK(r.by_client("0xc2")->host == 1);
    REQUIRE(r.by_provider(0, "0xp1") != nullptr);
    CHECK(r.by_provider(0, "0xp1")->client_id == "0xc1");
    CHECK(r.by_provider(1, "0xp1")->client_id == "0xc2");
    CHECK(r.by_provider(2, "0xp1") == nullptr);
    CHECK(r.by_client("0xc3") == nullptr);
    CHECK(r.by_client("0xc1")->sink.lock() == sink);
  }

  TEST_CASE("refuses a client id or a provider id on the same host that is taken") {
    auto sink = std::make_shared<null_sink>();
    subscription_registry r;
    REQUIRE(r.add(entry("0xc1", 0, "0xp1", sink)));
    CHECK_FALSE(r.add(entry("0xc1", 1, "0xp9", sink)));
    CHECK_FALSE(r.add(entry("0xc9", 0, "0xp1", sink)));
    CHECK(r.size() == 1);
    CHECK(r.by_provider(1, "0xp9") == nullptr);
  }

  TEST_CASE("removing by the client's id forgets both ways and returns the entry") {
    auto sink = std::make_shared<null_sink>();
    subscription_registry r;
    REQUIRE(r.add(entry("0xc1", 3, "0xp1", sink)));
    auto removed = r.remove("0xc1");
    REQUIRE(removed.has_value());
    CHECK(removed->provider_id == "0xp1");
    CHECK(removed->host == 3);
    CHECK(r.size() == 0);
    CHECK(r.by_provider(3, "0xp1") == nullptr);
    CHECK_FALSE(r.remove("0xc1").has_value());
    CHECK(r.add(entry("0xc2", 3, "0xp1", sink))); // the provider's id is free again
  }

  TEST_CASE("a lost host takes exactly its own subscriptions with it") {
    auto sink = std::make_shared<null_sink>();
    subscription_registry r;
    REQUIRE(r.add(entry("0xa", 0, "0x1", sink)));
    REQUIRE(r.add(entry("0xb", 1, "0x1", sink)));
    REQUIRE(r.add(entry("0xc", 1, "0x2", sink)));
    REQUIRE(r.add(entry("0xd", 2, "0x1", sink)));
    CHECK(r.count_on(1) == 2);
    auto lost = r.remove_host(1);
    std::set<std::string> ids;
    for (auto& e : lost)
      ids.insert(e.client_id);
    CHECK(ids == std::set<std::string>{"0xb", "0xc"});
    CHECK(r.size() == 2);
    CHECK(r.count_on(1) == 0);
    CHECK(r.by_client("0xb") == nullptr);
    CHECK(r.by_provider(0, "0x1") != nullptr);
    CHECK(r.by_provider(2, "0x1") != nullptr);
    CHECK(r.remove_host(7).empty());
    CHECK(r.clear().size() == 2);
    CHECK(r.size() == 0);
  }

  TEST_CASE("client ids are 0x and 16 hex digits that are distinct and follow the seed") {
    subscription_ids ids{42};
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
      auto id = ids.next();
      REQUIRE(id.size() == 18);
      REQUIRE(id.starts_with("0x"));
      REQUIRE(id.find_first_not_of("0123456789abcdef", 2) == std::string::npos);
      seen.insert(id);
    }
    CHECK(seen.size() == 10000);
    subscription_ids again{42};
    subscription_ids other{43};
    auto first = again.next();
    CHECK(seen.contains(first));
    CHECK(other.next() != first);
  }
}

TEST_SUITE("subscription notifications") {
  TEST_CASE("a provider's notification is read and rewritten under the client's id") {
    auto n = read_notification(
      R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0xp1","result":{"number":"0x10"}}})",
      64);
    REQUIRE(n.has_value());
    CHECK(n->method == "eth_subscription");
    CHECK(n->subscription == "0xp1");
    CHECK(n->result == R"({"number":"0x10"})");
    std::string out;
    append_client_notification(out, *n, "0xc1");
    CHECK(
      out
      == R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0xc1","result":{"number":"0x10"}}})");
  }

  TEST_CASE("answers and invalid JSON and notifications without a string id are no notifications") {
    CHECK_FALSE(read_notification(R"({"jsonrpc":"2.0","id":1,"result":"0xp1"})", 64));
    CHECK_FALSE(read_notification(R"({"jsonrpc":"2.0","method":"eth_subscription")", 64));
    CHECK_FALSE(read_notification(
      R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":7,"result":1}})",
      64));
    CHECK_FALSE(read_notification(
      R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x1"}})", 64));
    CHECK_FALSE(read_notification(R"([1,2])", 64));
  }

  TEST_CASE("a subscription ended by its provider's loss says so in an error notification") {
    std::string out;
    append_ended_notification(out, "0xc1", subscription_ended("eth", "127.0.0.1:1: gone"));
    CHECK(
      out
      == R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0xc1","error":{"code":-32000,"message":"Upstream unavailable: subscription ended","data":{"method":"eth_subscribe","network":"eth","reason":"127.0.0.1:1: gone"}}}})");
  }

  TEST_CASE("subscription calls without a WebSocket are answered method not found saying why") {
    CHECK(is_subscription_method("eth_subscribe"));
    CHECK(is_subscription_method("eth_unsubscribe"));
    CHECK_FALSE(is_subscription_method("eth_blockNumber"));
    auto e = subscription_needs_websocket("eth_subscribe");
    CHECK(e.code == -32601);
    CHECK(e.data.find("WebSocket") != std::string::npos);
  }
}
