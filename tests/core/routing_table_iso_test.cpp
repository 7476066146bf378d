#include "core/routing_table.hpp"
#include "tests/core/allocation_counter.hpp"
#include "tests/core/routing_table_test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using switchyard::config::field_equals;
using switchyard::config::network_settings;
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
using switchyard::iso8583::message;

namespace {

// Routes with a single network "n" holding `rule`; returns whether the rule matched.
bool matches(const rule_settings& rule, const message& m) {
  routing_table table{{network("n", {rule})}};
  return table.route(m).is_routed();
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
