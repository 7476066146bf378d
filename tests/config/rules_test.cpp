#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::load;

namespace {

// Four lines; the `rules` written after them start on line 5.
constexpr std::string_view iso8583_network = R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
)";

constexpr std::string_view jsonrpc_network = R"([[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{address = "h", port = 1}]
)";

load_result load_rules(std::string_view network, std::string_view rules) {
  return load(std::string{network} + std::string{rules});
}

constexpr std::string_view bad_mti
  = "an MTI pattern of exactly four characters, each a digit or '?'";

constexpr std::string_view bad_method
  = R"(a method name, with '*' only as a trailing wildcard ("eth_*"))";

} // namespace

TEST_SUITE("config routing rules") {
  TEST_CASE(
    "names the rule a bad BIN range breaks: non-digits, lengths, order, dash, empty bound") {
    auto result = load_rules(iso8583_network, R"(rules = [
  {bin_range = "4000a0-499999"},
  {bin_range = "40000-499999"},
  {bin_range = "499999-400000"},
  {bin_range = "400000"},
  {bin_range = "12345678901234567890-12345678901234567899"},
  {bin_range = "-"},
  {bin_range = "400000-49999x"},
]
)");
    CHECK(result.errors.size() == 7);
    auto key = [](int i) {
      return "networks[0].rules[" + std::to_string(i) + "].bin_range";
    };
    check_error(result, key(0), 6, 16, R"(a BIN range of digits only ('a' in LOW "4000a0"))");
    check_error(
      result, key(1), 7, 16,
      R"(a BIN range with LOW and HIGH equally long ("40000" has 5 digits, "499999" has 6))");
    check_error(result, key(2), 8, 16,
                R"(a BIN range with LOW <= HIGH (reversed: "499999" is above "400000"))");
    check_error(result, key(3), 9, 16, R"(a BIN range "LOW-HIGH" (no '-' in "400000"))");
    check_error(result, key(4), 10, 16,
                R"(a BIN range with bounds of 1..19 digits (LOW "12345678901234567890" has 20))");
    check_error(result, key(5), 11, 16,
                R"(a BIN range "LOW-HIGH" with both bounds set (LOW is empty))");
    check_error(result, key(6), 12, 16, R"(a BIN range of digits only ('x' in HIGH "49999x"))");
  }

  TEST_CASE("accepts BIN ranges of 1 and of 19 digits") {
    auto result = load_rules(iso8583_network, R"(rules = [
  {bin_range = "4-5"},
  {bin_range = "1234567890123456789-1234567890123456799"},
]
)");
    REQUIRE(result.ok());
    const auto& rules = result.settings->networks[0].rules;
    CHECK(rules[0].bin->low == "4");
    CHECK(rules[0].bin->high == "5");
    CHECK(rules[1].bin->high == "1234567890123456799");
  }

  TEST_CASE("rejects MTI patterns that are not four digits or question marks") {
    auto result = load_rules(iso8583_network, R"(rules = [
  {mti = "100"},
  {mti = "01?0x"},
  {mti = "01*0"},
  {mti = "0??0"},
]
)");
    CHECK(result.errors.size() == 3);
    check_error(result, "networks[0].rules[0].mti", 6, 10, bad_mti);
    check_error(result, "networks[0].rules[1].mti", 7, 10, bad_mti);
    check_error(result, "networks[0].rules[2].mti", 8, 10, bad_mti);
  }

  TEST_CASE("rejects method patterns with a '*' before the end, and empty ones") {
    auto result = load_rules(jsonrpc_network, R"(rules = [
  {method = "eth_*_x"},
  {method = "**"},
  {method = ""},
  {method = "*"},
  {method = "eth_call"},
]
)");
    CHECK(result.errors.size() == 3);
    check_error(result, "networks[0].rules[0].method", 6, 13, bad_method);
    check_error(result, "networks[0].rules[1].method", 7, 13, bad_method);
    check_error(result, "networks[0].rules[2].method", 8, 13, "a non-empty string");
  }

  TEST_CASE("rejects a method condition in a rule of an iso8583 network") {
    auto result = load_rules(iso8583_network, R"(rules = [{method = "eth_*"}]
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].rules[0].method", 5, 20,
                R"(no such key with protocol = "iso8583" (only protocol = "jsonrpc" takes it))");
  }

  TEST_CASE("rejects card conditions in rules of a jsonrpc network") {
    auto result = load_rules(jsonrpc_network, R"(rules = [
  {bin_range = "4-4"},
  {mti = "0100"},
  {amount_above = 5},
]
)");
    CHECK(result.errors.size() == 3);
    const auto* only_iso
      = R"(no such key with protocol = "jsonrpc" (only protocol = "iso8583" takes it))";
    check_error(result, "networks[0].rules[0].bin_range", 6, 16, only_iso);
    check_error(result, "networks[0].rules[1].mti", 7, 10, only_iso);
    check_error(result, "networks[0].rules[2].amount_above", 8, 19, only_iso);
  }

  TEST_CASE("rejects a rule with no condition that is not a default rule") {
    auto result = load_rules(iso8583_network, R"(rules = [
  {priority = 5},
  {default = false},
]
)");
    CHECK(result.errors.size() == 2);
    check_error(result, "networks[0].rules[0]", 6, 3,
                "at least one condition (bin_range, mti, field_values, field_value, "
                "fields_present, amount_above, method) or default = true");
    check_error(result, "networks[0].rules[1].default", 7, 14,
                "default = true or at least one condition");
  }

  TEST_CASE("rejects default = true combined with another condition") {
    auto result = load_rules(iso8583_network, R"(rules = [{default = true, mti = "0100"}]
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].rules[0].default", 5, 21,
                "no other condition in a rule with default = true (it matches every request)");
  }

  TEST_CASE("rejects a second default rule in one network") {
    auto result = load_rules(iso8583_network, R"(rules = [
  {default = true},
  {default = true},
]
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].rules[1].default", 7, 14,
                "at most one default rule per network");
  }

  TEST_CASE("rejects field numbers outside 1..192 and field conditions missing their value") {
    auto result = load_rules(iso8583_network, R"(rules = [
  {fields_present = [0, 193]},
  {field_value = {field = 200, value = "1"}},
  {field_values = [{field = 24}]},
]
)");
    CHECK(result.errors.size() == 4);
    check_error(result, "networks[0].rules[0].fields_present[0]", 6, 22, "an integer in 1..192");
    check_error(result, "networks[0].rules[0].fields_present[1]", 6, 25, "an integer in 1..192");
    check_error(result, "networks[0].rules[1].field_value.field", 7, 27, "an integer in 1..192");
    check_error(result, "networks[0].rules[2].field_values[0].value", 8, 20,
                "this required key to be set");
  }

  TEST_CASE("rejects a negative amount_above") {
    auto result = load_rules(iso8583_network, R"(rules = [
  {amount_above = -1},
]
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].rules[0].amount_above", 6, 19, "an integer >= 0");
  }
}
