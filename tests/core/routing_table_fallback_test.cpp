#include "core/routing_table.hpp"
#include "tests/core/routing_table_test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using switchyard::config::field_equals;
using switchyard::config::rule_settings;
using switchyard::core::route_decision;
using switchyard::core::route_outcome;
using switchyard::core::routing_table;
using switchyard::core::test::bin_rule;
using switchyard::core::test::default_rule;
using switchyard::core::test::method_rule;
using switchyard::core::test::mti_rule;
using switchyard::core::test::network;
using switchyard::core::test::request;
using switchyard::core::test::routed_name;
using switchyard::core::test::rpc_network;

TEST_SUITE("routing_table") {
  TEST_CASE("an unavailable network sends its traffic to its first available fallback") {
    routing_table table{{network("visa", {bin_rule("400000", "499999")}, {"local", "backup"}),
                         network("local", {}), network("backup", {})}};
    auto down = table.with_availability({{"visa", false}});
    auto d = down.route(request("0100"));
    CHECK(d.outcome == route_outcome::routed);
    CHECK(routed_name(d) == "local");
    CHECK(d.network == 1);
    CHECK(d.matched_network_name == "visa");
    CHECK(d.matched_network == 0);
    CHECK(d.used_fallback());
  }

  TEST_CASE("fallbacks are tried in the order listed skipping unavailable ones") {
    routing_table table{{network("visa", {bin_rule("400000", "499999")}, {"backup", "local"}),
                         network("local", {}), network("backup", {})}};
    CHECK(routed_name(table.with_availability({{"visa", false}}).route(request("0100")))
          == "backup");
    auto d = table.with_availability({{"visa", false}, {"backup", false}}).route(request("0100"));
    CHECK(routed_name(d) == "local");
  }

  TEST_CASE("a matched network with no available fallback is unavailable and not no route") {
    routing_table table{{network("visa", {bin_rule("400000", "499999")}, {"local"}),
                         network("local", {}), network("alone", {mti_rule("0800")})}};
    auto d = table.with_availability({{"visa", false}, {"local", false}}).route(request("0100"));
    CHECK(d.outcome == route_outcome::unavailable);
    CHECK(d.network == route_decision::none);
    CHECK(d.network_name.empty());
    CHECK(d.matched_network_name == "visa");
    CHECK(d.rule == 0);
    auto lone = table.with_availability({{"alone", false}}).route(request("0800", ""));
    CHECK(lone.outcome == route_outcome::unavailable);
  }

  TEST_CASE("with availability returns a copy and leaves the original table unchanged") {
    routing_table table{
      {network("visa", {bin_rule("400000", "499999")}, {"local"}), network("local", {})}};
    auto down = table.with_availability({{"visa", false}, {"no-such-network", false}});
    CHECK(table.is_available("visa"));
    CHECK_FALSE(down.is_available("visa"));
    CHECK(down.is_available("local"));
    CHECK_FALSE(down.is_available("no-such-network"));
    CHECK(routed_name(table.route(request("0100"))) == "visa");
    auto up = down.with_availability({{"visa", true}});
    CHECK(routed_name(up.route(request("0100"))) == "visa");
    CHECK(routed_name(down.route(request("0100"))) == "local");
  }

  TEST_CASE("fallbacks to unknown networks itself or another protocol are ignored") {
    routing_table table{
      {network("visa", {bin_rule("400000", "499999")}, {"ghost", "visa", "eth", "local"}),
       rpc_network("eth", {}), network("local", {})}};
    auto d = table.with_availability({{"visa", false}}).route(request("0100"));
    CHECK(routed_name(d) == "local");
    auto none = table.with_availability({{"visa", false}, {"local", false}});
    CHECK(none.route(request("0100")).outcome == route_outcome::unavailable);
  }

  TEST_CASE("the explanation names the network the rule number its priority and conditions") {
    auto rule = bin_rule("400000", "499999", 10);
    rule.mti = "01??";
    routing_table table{{network("visa", {rule})}};
    auto d = table.route(request("0100"));
    CHECK(table.explain(d)
          == "network \"visa\" rule #0 (priority 10: bin 400000-499999 and mti 01??"
             ")");
  }

  TEST_CASE("the explanation of a fallback names the unavailable networks and the choice") {
    routing_table table{{network("visa", {bin_rule("400000", "499999", 10)}, {"backup", "local"}),
                         network("backup", {}), network("local", {})}};
    auto down = table.with_availability({{"visa", false}, {"backup", false}});
    CHECK(down.explain(down.route(request("0100")))
          == "network \"visa\" rule #0 (priority 10: bin 400000-499999); visa unavailable -> "
             "fallback \"backup\" unavailable -> fallback \"local\"");
  }

  TEST_CASE("the explanation tells unavailable apart from no route") {
    routing_table table{{network("visa", {mti_rule("0100", 10)}, {"local"}), network("local", {}),
                         network("amex", {mti_rule("0200")})}};
    auto down = table.with_availability({{"visa", false}, {"local", false}, {"amex", false}});
    auto text = down.explain(down.route(request("0100")));
    CHECK(text.find("visa unavailable -> fallback \"local\" unavailable -> no network available")
          != std::string::npos);
    CHECK(down.explain(down.route(request("0200"))).find("amex unavailable and has no fallback")
          != std::string::npos);
    CHECK(down.explain(down.route(request("0800"))) == "no rule matched");
  }

  TEST_CASE("the explanation describes every condition kind") {
    rule_settings rule;
    rule.priority = 7;
    rule.field_values = {field_equals{24, "001"}};
    rule.fields_present = {63};
    rule.amount_above = 10000;
    routing_table table{{network("big", {rule}), rpc_network("eth", {method_rule("eth_*")}),
                         network("rest", {default_rule()})}};
    CHECK(table.describe_rule(0, 0)
          == "priority 7: field 24 = \"001\" and field 63 present and amount above 10000");
    CHECK(table.describe_rule(1, 0) == "priority 100: method eth_*");
    CHECK(table.describe_rule(2, 0) == "priority 100: default");
  }

  TEST_CASE("the explanation never shows a full PAN") {
    rule_settings by_pan;
    by_pan.priority = 1;
    by_pan.field_values = {field_equals{2, "4111111111111111"}};
    routing_table table{{network("test-card", {by_pan}), network("visa", {default_rule()})}};
    auto m = request("0100", "4111111111111111");
    auto d = table.route(m);
    CHECK(routed_name(d) == "test-card");
    auto text = table.explain(d);
    CHECK(text.find("4111111111111111") == std::string::npos);
    CHECK(text.find("411111******1111") != std::string::npos);
    auto other = table.explain(table.route(request("0100", "5500005555555559")));
    CHECK(other.find("5500005555555559") == std::string::npos);
  }
}
