#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <doctest/doctest.h>

using namespace switchyard::rpc_sim;

TEST_SUITE("sim-jsonrpc eth encoding") {
  TEST_CASE("quantities have no leading zeros and round-trip") {
    CHECK(to_quantity(0) == "0x0");
    CHECK(to_quantity(1) == "0x1");
    CHECK(to_quantity(0x1000000) == "0x1000000");
    CHECK(to_quantity(UINT64_MAX) == "0xffffffffffffffff");
    for (const std::uint64_t v :
         std::initializer_list<std::uint64_t>{0, 1, 255, 0xdeadbeef, UINT64_MAX})
      CHECK(parse_quantity(to_quantity(v)) == v);
    CHECK(parse_quantity("0xFF") == 255);
  }

  TEST_CASE("malformed quantities are rejected") {
    for (const char* text : {"", "0x", "1", "0xg", "x1", "0x10000000000000000", "latest"}) {
      CAPTURE(text);
      CHECK_FALSE(parse_quantity(text));
    }
  }

  TEST_CASE("addresses are 0x and 40 hex digits in either case") {
    CHECK(is_address("0x00000000219ab540356cBB839Cbe05303d7705Fa"));
    CHECK_FALSE(is_address("0x00000000219ab540356cBB839Cbe05303d7705F"));
    CHECK_FALSE(is_address("00000000219ab540356cBB839Cbe05303d7705Fa00"));
    CHECK_FALSE(is_address("0x00000000219ab540356cBB839Cbe05303d7705Fg"));
  }

  TEST_CASE("hex data is 0x and an even number of hex digits") {
    CHECK(is_hex_data("0x"));
    CHECK(is_hex_data("0xa9059cbb"));
    CHECK_FALSE(is_hex_data("0xabc"));
    CHECK_FALSE(is_hex_data("abcd"));
    CHECK_FALSE(is_hex_data("0xzz"));
  }

  TEST_CASE("digests are deterministic, sized and sensitive to every byte") {
    const auto a = hex_digest("hello");
    CHECK(a.size() == 66);
    CHECK(a.starts_with("0x"));
    CHECK(is_hex_data(a));
    CHECK(a == hex_digest("hello"));
    CHECK(a != hex_digest("hellp"));
    CHECK(hex_digest("hello", 20).size() == 42);
    CHECK(digest64("x") == digest64("x"));
    CHECK(digest64("x", 1) != digest64("x", 2));
    CHECK(to_lower("0xAbC") == "0xabc");
  }
}
