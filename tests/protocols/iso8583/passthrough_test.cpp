// A message decoded with a dialect and packed with the very same dialect, unchanged, goes
// out in its wire form: the gateway forwards what it did not alter byte for byte.

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/dialect_loader.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace iso = switchyard::iso8583;
using iso::testing::reference_0200;

namespace {

// The reference 0200 in iso87-ascii with its binary fields (52 PIN block, 55 EMV data)
// spelled in lower-case hex: valid input that a fresh encoding would spell in upper case.
std::string lower_case_hex_wire() {
  std::string wire;
  REQUIRE(iso::pack(reference_0200(), iso::iso87_ascii(), wire).ok());
  auto pin = wire.find("123456789ABCDEF0");
  REQUIRE(pin != std::string::npos);
  std::transform(wire.begin() + static_cast<std::ptrdiff_t>(pin), wire.end(),
                 wire.begin() + static_cast<std::ptrdiff_t>(pin),
                 [](char c) { return static_cast<char>(std::tolower(c)); });
  return wire;
}

std::string repack(const iso::message& m, const iso::dialect& d) {
  std::string out;
  REQUIRE(iso::pack(m, d, out).ok());
  return out;
}

} // namespace

TEST_SUITE("iso8583 wire passthrough") {
  TEST_CASE("an unchanged message packs to the exact bytes it was decoded from") {
    auto wire = lower_case_hex_wire();
    iso::message m;
    REQUIRE(iso::unpack(iso::as_byte_view(wire), iso::iso87_ascii(), m).ok());
    CHECK(repack(m, iso::iso87_ascii()) == wire);
  }

  TEST_CASE("any change makes pack encode the message afresh") {
    auto wire = lower_case_hex_wire();
    std::string fresh;
    REQUIRE(iso::pack(reference_0200(), iso::iso87_ascii(), fresh).ok());
    REQUIRE(fresh != wire);
    iso::message m;
    REQUIRE(iso::unpack(iso::as_byte_view(wire), iso::iso87_ascii(), m).ok());
    SUBCASE("set") {
      m.set(11, "000123"); // the same value, still a change
      CHECK(repack(m, iso::iso87_ascii()) == fresh);
    }
    SUBCASE("set_mti") {
      m.set_mti("0200");
      CHECK(repack(m, iso::iso87_ascii()) == fresh);
    }
    SUBCASE("remove") {
      m.remove(63); // absent: nothing changes in the fields, but the call counts
      CHECK(repack(m, iso::iso87_ascii()) == fresh);
    }
  }

  TEST_CASE("another dialect, even an equal copy, encodes the message afresh") {
    auto wire = lower_case_hex_wire();
    iso::message m;
    REQUIRE(iso::unpack(iso::as_byte_view(wire), iso::iso87_ascii(), m).ok());
    iso::dialect copy = iso::iso87_ascii();
    CHECK(repack(m, copy) != wire);
    std::string binary;
    REQUIRE(iso::pack(m, iso::iso87_binary(), binary).ok());
    iso::message back;
    REQUIRE(iso::unpack(iso::as_byte_view(binary), iso::iso87_binary(), back).ok());
    CHECK(back == m);
  }

  TEST_CASE("a message that failed to decode is never passed through") {
    auto wire = lower_case_hex_wire();
    wire += "X"; // trailing data
    iso::message m;
    REQUIRE_FALSE(iso::unpack(iso::as_byte_view(wire), iso::iso87_ascii(), m).ok());
    CHECK_FALSE(m.wire_for(&iso::iso87_ascii()).has_value());
  }

  TEST_CASE("a message decoded again forgets the earlier wire") {
    auto first = lower_case_hex_wire();
    std::string second;
    auto other = reference_0200();
    other.set(11, "000999");
    REQUIRE(iso::pack(other, iso::iso87_ascii(), second).ok());
    iso::message m;
    REQUIRE(iso::unpack(iso::as_byte_view(first), iso::iso87_ascii(), m).ok());
    REQUIRE(iso::unpack(iso::as_byte_view(second), iso::iso87_ascii(), m).ok());
    CHECK(repack(m, iso::iso87_ascii()) == second);
  }

  TEST_CASE("share_dialect hands out one object per built-in name") {
    auto a = iso::share_dialect("iso87-ascii");
    auto b = iso::share_dialect("iso87-ascii");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.value.get() == b.value.get());
    CHECK(a.value.get() == &iso::iso87_ascii());
    auto unknown = iso::share_dialect("no-such-dialect");
    CHECK_FALSE(unknown.ok());
    CHECK_FALSE(unknown.errors.empty());
  }
}
