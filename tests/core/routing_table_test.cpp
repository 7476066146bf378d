#include "core/routing_table.hpp"

#include "tests/core/allocation_counter.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using switchyard::config::bin_range;
using switchyard::config::field_equals;
using switchyard::config::network_settings;
using switchyard::config::protocol_kind;
using switchyard::config::rule_settings;
using switchyard::core::route_decision;
using switchyard::core::route_outcome;
using switchyard::core::routing_table;
using switchyard::iso8583::message;

namespace {

rule_settings bin_rule(std::string low, std::string high, std::uint32_t priority = 100) {
  rule_settings r;
  r.priority = priority;
  r.bin = bin_range{std::move(low), std::move(high)};
  return r;
}

rule_settings mti_rule(std::string pattern, std::uint32_t priority = 100) {
  rule_settings r;
  r.priority = priority;
  r.mti = std::move(pattern);
  return r;
}

rule_settings default_rule(std::uint32_t priority = 100) {
  rule_settings r;
  r.priority = priority;
  r.is_default = true;
  return r;
}

rule_settings method_rule(std::string pattern, std::uint32_t priority = 100) {
  rule_settings r;
  r.priority = priority;
  r.method = std::move(pattern);
  return r;
}

network_settings network(std::string name, std::vector<rule_settings> rules,
                         std::vector<std::string> fallbacks = {},
                         protocol_kind protocol = protocol_kind::iso8583) {
  network_settings n;
  n.name = std::move(name);
  n.protocol = protocol;
  n.rules = std::move(rules);
  n.fallbacks = std::move(fallbacks);
  return n;
}

network_settings rpc_network(std::string name, std::vector<rule_settings> rules,
                             std::vector<std::string> fallbacks = {}) {
  return network(std::move(name), std::move(rules), std::move(fallbacks), protocol_kind::jsonrpc);
}

message request(std::string_view mti, std::string_view pan = "4111111111111111") {
  message m;
  m.set_mti(mti);
  if (!pan.empty())
    m.set(2, pan);
  return m;
}

// Routes with a single network "n" holding `rule`; returns whether the rule matched.
bool matches(const rule_settings& rule, const message& m) {
  routing_table table{{network("n", {rule})}};
  return table.route(m).is_routed();
}

std::string routed_name(const route_decision& d) {
  return std::string{d.network_name};
}

} // namespace

TEST_SUITE("routing_table") {
  TEST_CASE("a bin rule matches a PAN inside the range and no PAN outside it") {
    auto rule = bin_rule("400000", "499999");
    CHECK(matches(rule, request("0100", "4567890123456789")));
    CHECK_FALSE(matches(rule, request("0100", "5123456789012345")));
    CHECK_FALSE(matches(rule, request("0100", "3999999999999999")));
  }

  TEST_CASE("both ends of a bin range are inclusive") {
    auto rule = bin_rule("400000", "499999");
    CHECK(matches(rule, request("0100", "4000000000000000")));
    CHECK(matches(rule, request("0100", "4999999999999999")));
    CHECK_FALSE(matches(rule, request("0100", "3999990000000000")));
    CHECK_FALSE(matches(rule, request("0100", "5000000000000000")));
  }

  TEST_CASE("a PAN shorter than the bin prefix does not match") {
    auto rule = bin_rule("40000000", "49999999");
    CHECK_FALSE(matches(rule, request("0100", "4123456")));
    CHECK(matches(rule, request("0100", "41234567")));
    auto from_zero = bin_rule("00000000", "49999999");
    CHECK_FALSE(matches(from_zero, request("0100", "4123456")));
    CHECK(matches(from_zero, request("0100", "04123456")));
  }

  TEST_CASE("a 19 digit PAN matches on its leading digits") {
    auto rule = bin_rule("62000000", "62999999");
    CHECK(matches(rule, request("0200", "6212345678901234567")));
    CHECK_FALSE(matches(rule, request("0200", "6312345678901234567")));
  }

  TEST_CASE("a 19 digit bin range compares whole PANs near the top of 64 bits") {
    auto rule = bin_rule("9999999999999999990", "9999999999999999999");
    CHECK(matches(rule, request("0200", "9999999999999999990")));
    CHECK(matches(rule, request("0200", "9999999999999999999")));
    CHECK_FALSE(matches(rule, request("0200", "9999999999999999989")));
    CHECK_FALSE(matches(rule, request("0200", "999999999999999999")));
  }

  TEST_CASE("a bin rule does not match a message without a PAN or with a non digit prefix") {
    auto rule = bin_rule("400000", "499999");
    CHECK_FALSE(matches(rule, request("0100", "")));
    CHECK_FALSE(matches(rule, request("0100", "4000=0000000000")));
    CHECK(matches(rule, request("0100", "400000=000000000")));
  }

  TEST_CASE("a question mark in an mti pattern matches any digit in its position") {
    auto rule = mti_rule("01??");
    CHECK(matches(rule, request("0100")));
    CHECK(matches(rule, request("0120")));
    CHECK(matches(rule, request("0199")));
    CHECK_FALSE(matches(rule, request("0200")));
    CHECK_FALSE(matches(rule, request("1100")));
  }

  TEST_CASE("an exact mti pattern matches only that mti and never a message without one") {
    auto rule = mti_rule("0200");
    CHECK(matches(rule, request("0200")));
    CHECK_FALSE(matches(rule, request("0201")));
    CHECK_FALSE(matches(rule, message{}));
  }

  TEST_CASE("a field value condition requires exact equality of a present field") {
    rule_settings rule;
    rule.field_values = {field_equals{24, "001"}};
    auto m = request("0100");
    CHECK_FALSE(matches(rule, m));
    m.set(24, "01");
    CHECK_FALSE(matches(rule, m));
    m.set(24, "0010");
    CHECK_FALSE(matches(rule, m));
    m.set(24, "001");
    CHECK(matches(rule, m));
  }

  TEST_CASE("a fields present condition requires every listed field") {
    rule_settings rule;
    rule.fields_present = {55, 63};
    auto m = request("0100");
    m.set(63, "x");
    CHECK_FALSE(matches(rule, m));
    m.set(55, "\x9f\x02");
    CHECK(matches(rule, m));
  }

  TEST_CASE("amount above matches only amounts strictly greater than the threshold") {
    rule_settings rule;
    rule.amount_above = 10000;
    auto m = request("0200");
    m.set(4, "000000010000");
    CHECK_FALSE(matches(rule, m));
    m.set(4, "000000010001");
    CHECK(matches(rule, m));
    m.set(4, "000000009999");
    CHECK_FALSE(matches(rule, m));
  }

  TEST_CASE("amount above does not match a missing or non numeric amount") {
    rule_settings rule;
    rule.amount_above = 0;
    auto m = request("0200");
    CHECK_FALSE(matches(rule, m));
    m.set(4, "C00000001000");
    CHECK_FALSE(matches(rule, m));
    m.set(4, "000000000001");
    CHECK(matches(rule, m));
  }

  TEST_CASE("all conditions of one rule must hold together") {
    auto rule = bin_rule("400000", "499999");
    rule.mti = "01??";
    rule.fields_present = {41};
    auto m = request("0100", "4111111111111111");
    CHECK_FALSE(matches(rule, m));
    m.set(41, "TERM0001");
    CHECK(matches(rule, m));
    CHECK_FALSE(matches(rule, [&] {
      auto other = m;
      other.set_mti("0200");
      return other;
    }()));
    CHECK_FALSE(matches(rule, [&] {
      auto other = m;
      other.set(2, "5111111111111111");
      return other;
    }()));
  }

  TEST_CASE("a lower priority rule wins across networks whatever the network order") {
    routing_table table{{network("broad", {bin_rule("400000", "499999", 50)}),
                         network("narrow", {bin_rule("411111", "411111", 10)})}};
    auto d = table.route(request("0100", "4111111111111111"));
    CHECK(routed_name(d) == "narrow");
    CHECK(routed_name(table.route(request("0100", "4222222222222222"))) == "broad");
  }

  TEST_CASE("equal priorities keep network order and then rule order") {
    routing_table table{{network("first", {mti_rule("0300", 10), mti_rule("01??", 10)}),
                         network("second", {mti_rule("0100", 10)})}};
    auto d = table.route(request("0100"));
    CHECK(routed_name(d) == "first");
    CHECK(d.rule == 1);
    routing_table swapped{{network("second", {mti_rule("0100", 10)}),
                           network("first", {mti_rule("0300", 10), mti_rule("01??", 10)})}};
    CHECK(routed_name(swapped.route(request("0100"))) == "second");
    std::vector<network_settings> many;
    many.reserve(40);
    for (int i = 0; i < 40; ++i)
      many.push_back(network(std::to_string(i), {mti_rule("0100", 10), default_rule(1)}));
    CHECK(routing_table{many}.route(request("0100")).network == 0);
  }

  TEST_CASE("default rules come after every other rule whatever their priority") {
    routing_table table{{network("catch-all", {default_rule(1)}),
                         network("visa", {bin_rule("400000", "499999", 500)})}};
    CHECK(routed_name(table.route(request("0100", "4111111111111111"))) == "visa");
    auto d = table.route(request("0100", "5111111111111111"));
    CHECK(routed_name(d) == "catch-all");
    CHECK(d.rule == 0);
  }

  TEST_CASE("a message no rule matches is no route") {
    routing_table table{{network("visa", {bin_rule("400000", "499999")})}};
    auto d = table.route(request("0100", "5111111111111111"));
    CHECK(d.outcome == route_outcome::no_route);
    CHECK_FALSE(d.is_routed());
    CHECK(d.network == route_decision::none);
    CHECK(d.matched_network == route_decision::none);
    CHECK(d.network_name.empty());
  }

  TEST_CASE("the decision names the matching rule within its network") {
    routing_table table{{network("other", {mti_rule("0800")}),
                         network("visa", {mti_rule("0800"), bin_rule("400000", "499999")})}};
    auto d = table.route(request("0100", "4111111111111111"));
    CHECK(d.outcome == route_outcome::routed);
    CHECK(d.network == 1);
    CHECK(d.matched_network == 1);
    CHECK(d.matched_network_name == "visa");
    CHECK(d.rule == 1);
    CHECK_FALSE(d.used_fallback());
  }

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

  TEST_CASE("a rule with a condition of the other protocol never matches") {
    auto mixed = bin_rule("400000", "499999");
    mixed.method = "eth_*";
    routing_table table{{network("visa", {mixed}), rpc_network("eth", {mixed})}};
    CHECK_FALSE(table.route(request("0100")).is_routed());
    CHECK_FALSE(table.route_method("eth_call").is_routed());
    CHECK(table.describe_rule(0, 0).find("never matches") != std::string::npos);
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

  TEST_CASE("routing a message or a method allocates nothing") {
    auto rule = bin_rule("400000", "499999", 10);
    rule.mti = "01??";
    rule.field_values = {field_equals{24, "001"}};
    routing_table table{{network("visa-with-a-long-network-name", {rule}, {"local"}),
                         network("local", {default_rule()}),
                         rpc_network("eth", {method_rule("eth_*")})}};
    auto down = table.with_availability({{"visa-with-a-long-network-name", false}});
    auto m = request("0100", "4111111111111111");
    m.set(24, "001");
    auto before = switchyard::core::testing::allocations();
    std::size_t routed = 0;
    for (int i = 0; i < 100; ++i) {
      routed += table.route(m).is_routed() ? 1 : 0;
      routed += down.route(m).is_routed() ? 1 : 0;
      routed += table.route_method("eth_getLogs").is_routed() ? 1 : 0;
    }
    auto after = switchyard::core::testing::allocations();
    CHECK(routed == 300);
    CHECK(after == before);
  }
}
