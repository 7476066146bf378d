#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::load;

namespace {

// An iso8583 network of four lines; its `rules` line is the fifth.
std::string network(const std::string& name, const std::string& rules) {
  return "[[networks]]\nname = \"" + name
         + "\"\nprotocol = \"iso8583\"\nhosts = [{address = \"h\", port = 1}]\nrules = [" + rules
         + "]\n";
}

std::string overlap_with(const std::string& earlier_key, const std::string& name,
                         const std::string& range, int priority) {
  return "a BIN range that no rule of another network covers at the same priority ("
         + std::to_string(priority) + "): " + earlier_key + " (\"" + name + "\", " + range
         + ") overlaps it, so the order of the networks in the file would pick the route; give "
           "one of the rules another priority";
}

} // namespace

TEST_SUITE("config BIN overlaps") {
  TEST_CASE(
    "rejects a BIN range overlapping another network's at the same priority, at the later") {
    auto result = load(network("visa", R"({bin_range = "400000-499999"})")
                       + network("other", R"({bin_range = "450000-450099"})"));
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[1].rules[0].bin_range", 10, 23,
                overlap_with("networks[0].rules[0].bin_range", "visa", "400000-499999", 100));
  }

  TEST_CASE("compares ranges of different lengths as prefixes and names the rule's own index") {
    auto result = load(
      network("visa",
              R"({priority = 5, bin_range = "510000-519999"}, {priority = 10, bin_range = "4-4"})")
      + network("debit", R"({priority = 10, bin_range = "455000-455999"})"));
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[1].rules[0].bin_range", 10, 38,
                overlap_with("networks[0].rules[1].bin_range", "visa", "4-4", 10));
  }

  TEST_CASE("reports each ambiguous rule once, however many rules it overlaps") {
    auto result
      = load(network("a", R"({bin_range = "400000-449999"}, {bin_range = "450000-499999"})")
             + network("b", R"({bin_range = "440000-460000"})")
             + network("c", R"({bin_range = "300000-399999"})"));
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].key == "networks[1].rules[0].bin_range");
  }

  TEST_CASE("accepts overlaps that priority, one network, MTI or a field value decides") {
    auto result = load(network("a", R"({priority = 10, bin_range = "400000-499999"},
  {bin_range = "410000-410999"}, {mti = "01??", bin_range = "420000-420999"},
  {bin_range = "430000-430999", field_value = {field = 3, value = "000000"}}, {default = true})")
                       + network("b", R"({priority = 20, bin_range = "400000-499999"},
  {bin_range = "400000-409999"}, {mti = "02??", bin_range = "420000-420999"},
  {bin_range = "430000-430999", field_value = {field = 3, value = "200000"}}, {default = true})"));
    for (const auto& error : result.errors)
      INFO(to_string(error));
    CHECK(result.ok());
  }

  TEST_CASE("rejects overlapping ranges whose MTI patterns can match one message") {
    auto result = load(network("a", R"({mti = "01??", bin_range = "420000-420999"})")
                       + network("b", R"({mti = "0100", bin_range = "420500-420500"})"));
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].key == "networks[1].rules[0].bin_range");
  }
}
