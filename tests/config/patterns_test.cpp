#include "config/patterns.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;

TEST_SUITE("config patterns") {
  TEST_CASE("parses BIN ranges of equal-length digit strings with low <= high only") {
    auto range = parse_bin_range("400000-499999");
    REQUIRE(range.has_value());
    CHECK(range->low == "400000");
    CHECK(range->high == "499999");
    CHECK(parse_bin_range("5-5").has_value());
    CHECK_FALSE(parse_bin_range("").has_value());
    CHECK_FALSE(parse_bin_range("400000").has_value());
    CHECK_FALSE(parse_bin_range("40000-499999").has_value());
    CHECK_FALSE(parse_bin_range("499999-400000").has_value());
    CHECK_FALSE(parse_bin_range("4 0000-499999").has_value());
    CHECK_FALSE(parse_bin_range("400000-499999-5").has_value());
    CHECK_FALSE(parse_bin_range("12345678901234567890-12345678901234567890").has_value());
  }

  TEST_CASE("finds no problem in a valid BIN range, and one in each invalid one") {
    CHECK(bin_range_problem("400000-499999").empty());
    CHECK(bin_range_problem("5-5").empty());
    CHECK_FALSE(bin_range_problem("400000-499999-5").empty());
    CHECK_FALSE(bin_range_problem("").empty());
  }

  TEST_CASE("BIN ranges overlap when one card number falls in both, whatever their lengths") {
    auto range = [](const char* text) {
      return *parse_bin_range(text);
    };
    CHECK(bin_ranges_overlap(range("400000-499999"), range("450000-459999")));
    CHECK(bin_ranges_overlap(range("400000-449999"), range("449999-499999")));
    CHECK(bin_ranges_overlap(range("4-4"), range("400000-400000")));
    CHECK(bin_ranges_overlap(range("400000-400000"), range("4-4")));
    CHECK(bin_ranges_overlap(range("49-51"), range("500000-500001")));
    CHECK_FALSE(bin_ranges_overlap(range("400000-449999"), range("450000-499999")));
    CHECK_FALSE(bin_ranges_overlap(range("4-4"), range("500000-599999")));
    CHECK_FALSE(bin_ranges_overlap(range("41-41"), range("400000-409999")));
  }

  TEST_CASE("MTI patterns overlap when one MTI matches both") {
    CHECK(mti_patterns_overlap("0100", "0100"));
    CHECK(mti_patterns_overlap("01??", "0100"));
    CHECK(mti_patterns_overlap("????", "0420"));
    CHECK_FALSE(mti_patterns_overlap("0100", "0200"));
    CHECK_FALSE(mti_patterns_overlap("01??", "02??"));
  }

  TEST_CASE("accepts MTI patterns of four digits or question marks only") {
    CHECK(is_mti_pattern("0100"));
    CHECK(is_mti_pattern("01??"));
    CHECK(is_mti_pattern("????"));
    CHECK_FALSE(is_mti_pattern("010"));
    CHECK_FALSE(is_mti_pattern("01000"));
    CHECK_FALSE(is_mti_pattern("01*0"));
    CHECK_FALSE(is_mti_pattern("01a0"));
  }

  TEST_CASE("accepts method patterns with '*' only as the last character") {
    CHECK(is_method_pattern("eth_call"));
    CHECK(is_method_pattern("eth_*"));
    CHECK(is_method_pattern("*"));
    CHECK_FALSE(is_method_pattern(""));
    CHECK_FALSE(is_method_pattern("*_call"));
    CHECK_FALSE(is_method_pattern("eth_**"));
  }

  TEST_CASE("parses seeds as host:port or bracketed-v6:port with a port in 1..65535") {
    auto v4 = parse_seed("10.0.0.1:4242");
    REQUIRE(v4.has_value());
    CHECK(v4->host == "10.0.0.1");
    CHECK(v4->port == 4242);
    auto v6 = parse_seed("[fe80::1]:65535");
    REQUIRE(v6.has_value());
    CHECK(v6->host == "fe80::1");
    CHECK(v6->port == 65535);
    CHECK_FALSE(parse_seed("10.0.0.1").has_value());
    CHECK_FALSE(parse_seed(":4242").has_value());
    CHECK_FALSE(parse_seed("host:0").has_value());
    CHECK_FALSE(parse_seed("host:65536").has_value());
    CHECK_FALSE(parse_seed("host:42x").has_value());
    CHECK_FALSE(parse_seed("fe80::1:4242").has_value());
    CHECK_FALSE(parse_seed("[]:4242").has_value());
  }

  TEST_CASE("knows the built-in dialects and treats wildcard addresses as overlapping all") {
    CHECK(is_builtin_dialect("iso87-ascii"));
    CHECK(is_builtin_dialect("iso87-binary"));
    CHECK(is_builtin_dialect("iso87-ascii-binary-bitmap"));
    CHECK_FALSE(is_builtin_dialect("iso93-ascii"));
    CHECK(addresses_overlap("127.0.0.1", "127.0.0.1"));
    CHECK(addresses_overlap("0.0.0.0", "10.0.0.1"));
    CHECK(addresses_overlap("10.0.0.1", "::"));
    CHECK_FALSE(addresses_overlap("127.0.0.1", "127.0.0.2"));
  }
}
