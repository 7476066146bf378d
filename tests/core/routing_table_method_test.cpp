#include "core/routing_table.hpp"
#include "tests/core/routing_table_test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using switchyard::config::network_settings;
using switchyard::core::route_outcome;
using switchyard::core::routing_table;
using switchyard::core::test::bin_rule;
using switchyard::core::test::default_rule;
using switchyard::core::test::method_rule;
using switchyard::core::test::network;
using switchyard::core::test::request;
using switchyard::core::test::routed_name;
using switchyard::core::test::rpc_network;

TEST_SUITE("routing_table") {
  TEST_CASE("iso messages use only iso8583 networks and methods only jsonrpc networks") {
    routing_table table{{rpc_network("eth", {default_rule(1)}),
                         network("visa", {default_rule(100)}),
                         rpc_network("eth-mainnet", {method_rule("eth_*", 10)})}};
    CHECK(routed_name(table.route(request("0100"))) == "visa");
    CHECK(routed_name(table.route_method("eth_call")) == "eth-mainnet");
    CHECK(routed_name(table.route_method("net_version")) == "eth");
    routing_table iso_only{{network("visa", {default_rule()})}};
    CHECK(iso_only.route_method("eth_call").outcome == route_outcome::no_route);
  }

  TEST_CASE("an exact method rule matches only that method") {
    routing_table table{{rpc_network("trace", {method_rule("debug_traceTransaction")})}};
    CHECK(table.route_method("debug_traceTransaction").is_routed());
    CHECK_FALSE(table.route_method("debug_traceTransactions").is_routed());
    CHECK_FALSE(table.route_method("debug_trace").is_routed());
  }

  TEST_CASE("a trailing star in a method rule matches every method with that prefix") {
    routing_table table{
      {rpc_network("eth", {method_rule("eth_*")}), rpc_network("any", {method_rule("*", 200)})}};
    CHECK(routed_name(table.route_method("eth_getBalance")) == "eth");
    CHECK(routed_name(table.route_method("eth_")) == "eth");
    CHECK(routed_name(table.route_method("net_version")) == "any");
    CHECK(routed_name(table.route_method("eth")) == "any");
  }

  TEST_CASE("equal priority method rules keep network order") {
    std::vector<network_settings> many;
    many.reserve(40);
    for (int i = 0; i < 40; ++i)
      many.push_back(rpc_network(std::to_string(i), {method_rule("eth_*", 10), default_rule(1)}));
    routing_table table{many};
    CHECK(table.route_method("eth_call").network == 0);
    CHECK(table.route_method("net_version").network == 0);
  }

  TEST_CASE("a jsonrpc default rule catches methods no other rule matches") {
    routing_table table{
      {rpc_network("fallback", {default_rule(1)}), rpc_network("eth", {method_rule("eth_*", 50)})}};
    CHECK(routed_name(table.route_method("eth_call")) == "eth");
    CHECK(routed_name(table.route_method("web3_clientVersion")) == "fallback");
    routing_table strict{{rpc_network("eth", {method_rule("eth_*")})}};
    CHECK(strict.route_method("web3_clientVersion").outcome == route_outcome::no_route);
  }

  TEST_CASE("jsonrpc networks fall back like iso8583 networks") {
    routing_table table{
      {rpc_network("infura", {method_rule("eth_*")}, {"alchemy"}), rpc_network("alchemy", {})}};
    auto d = table.with_availability({{"infura", false}}).route_method("eth_call");
    CHECK(routed_name(d) == "alchemy");
    CHECK(d.matched_network_name == "infura");
  }

  TEST_CASE("a call addressed by path goes to that network, or its fallback when it is down") {
    routing_table table{{rpc_network("infura", {}, {"alchemy"}), rpc_network("alchemy", {}),
                         network("visa", {default_rule()})}};
    auto direct = table.route_to(*table.find("infura"));
    CHECK(routed_name(direct) == "infura");
    CHECK(table.explain(direct) == "network \"infura\" by name");
    auto down = table.with_availability({{"infura", false}});
    auto fell_back = down.route_to(0);
    CHECK(routed_name(fell_back) == "alchemy");
    CHECK(down.explain(fell_back).find("fallback \"alchemy\"") != std::string::npos);
    auto none_left = down.with_availability({{"alchemy", false}}).route_to(0);
    CHECK(none_left.outcome == route_outcome::unavailable);
    CHECK(table.protocol(0) == switchyard::config::protocol_kind::jsonrpc);
    CHECK(table.protocol(2) == switchyard::config::protocol_kind::iso8583);
  }

  TEST_CASE("a rule with a condition of the other protocol never matches") {
    auto mixed = bin_rule("400000", "499999");
    mixed.method = "eth_*";
    routing_table table{{network("visa", {mixed}), rpc_network("eth", {mixed})}};
    CHECK_FALSE(table.route(request("0100")).is_routed());
    CHECK_FALSE(table.route_method("eth_call").is_routed());
    CHECK(table.describe_rule(0, 0).find("never matches") != std::string::npos);
  }
}
