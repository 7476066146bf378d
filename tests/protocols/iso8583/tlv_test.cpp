#include "protocols/iso8583/tlv.hpp"

#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/hex.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <vector>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;

namespace {

std::vector<tlv_item> parsed(const std::string& data, tlv_options opts = {}) {
  std::vector<tlv_item> items;
  const tlv_result r = parse_tlv(as_byte_view(data), items, opts);
  REQUIRE_MESSAGE(r.ok(), r.error.message());
  return items;
}

tlv_result failure(const std::string& data) {
  std::vector<tlv_item> items;
  return parse_tlv(as_byte_view(data), items);
}

} // namespace

TEST_SUITE("iso8583 EMV TLV") {
  TEST_CASE("one-, two- and three-byte tags are read whole") {
    const std::string data = bytes_of("82 02 5800  9F02 06 000000001000  9F8101 01 AA");
    const auto items = parsed(data);
    REQUIRE(items.size() == 3);
    CHECK(items[0].tag == 0x82);
    CHECK(to_hex(items[0].value) == "5800");
    CHECK(items[1].tag == 0x9F02);
    CHECK(items[1].offset == 4);
    CHECK(to_hex(items[1].value) == "000000001000");
    CHECK(items[2].tag == 0x9F8101);
    CHECK(to_hex(items[2].value) == "AA");
  }

  TEST_CASE("long-form lengths of one and two bytes are read") {
    const std::string v200(200, 'a');
    const std::string v300(300, 'b');
    const auto items = parsed(bytes_of("5F20 81C8") + v200 + bytes_of("DF01 82012C") + v300);
    REQUIRE(items.size() == 2);
    CHECK(items[0].value.size() == 200);
    CHECK(items[1].value.size() == 300);
  }

  TEST_CASE("constructed objects are descended into on request") {
    const std::string data = bytes_of("70 0A 5A 08 4761739001010119 9F03 00");
    CHECK(parsed(data).size() == 2);
    const auto items = parsed(data, tlv_options{true, 8});
    REQUIRE(items.size() == 3);
    CHECK(items[0].constructed());
    CHECK(items[1].tag == 0x5A);
    CHECK(items[1].depth == 1);
    CHECK(items[1].offset == 2);
    CHECK_FALSE(items[1].constructed());
    CHECK(items[2].depth == 0);
    CHECK(items[2].value.empty());
  }

  TEST_CASE("zero bytes between objects are skipped as EMV padding") {
    const auto items = parsed(bytes_of("00 82 01 01 00 00 95 01 02 00"));
    REQUIRE(items.size() == 2);
    CHECK(items[1].tag == 0x95);
  }

  TEST_CASE("malformed TLV data fails with the offset of the bad object") {
    CHECK(failure(bytes_of("82 02 58")).error == iso8583_errc::tlv_truncated);
    CHECK(failure(bytes_of("82 01 00 9F")).error == iso8583_errc::tlv_truncated);
    CHECK(failure(bytes_of("82 01 00 9F")).offset == 3);
    CHECK(failure(bytes_of("82")).error == iso8583_errc::tlv_truncated);
    CHECK(failure(bytes_of("82 80 00 00")).error == iso8583_errc::tlv_invalid_length);
    CHECK(failure(bytes_of("82 85 0000000001")).error == iso8583_errc::tlv_invalid_length);
    CHECK(failure(bytes_of("82 82 01")).error == iso8583_errc::tlv_truncated);
    CHECK(failure(bytes_of("9F 81 81 81 01 00")).error == iso8583_errc::tlv_invalid_tag);
  }

  TEST_CASE("built TLV uses the shortest length form and parses back") {
    std::string out;
    const std::string v127(127, 'x');
    const std::string v128(128, 'y');
    const std::string v256(256, 'z');
    const std::string amount = bytes_of("000000001000");
    const tlv_field fields[] = {{0x9F02, as_byte_view(amount)},
                                {0x82, as_byte_view(v127)},
                                {0x5F2A, as_byte_view(v128)},
                                {0xDF8101, as_byte_view(v256)}};
    REQUIRE(!build_tlv(fields, out));
    CHECK(out.substr(0, 9) == bytes_of("9F02 06 000000001000"));
    CHECK(out.substr(9, 2) == bytes_of("82 7F"));
    CHECK(out.substr(138, 4) == bytes_of("5F2A 81 80"));
    CHECK(out.substr(270, 6) == bytes_of("DF8101 82 0100"));
    const auto items = parsed(out);
    REQUIRE(items.size() == 4);
    CHECK(items[3].tag == 0xDF8101);
    CHECK(items[3].value.size() == 256);
  }

  TEST_CASE("malformed tags are refused when building") {
    std::string out;
    CHECK(append_tlv(0, {}, out) == iso8583_errc::tlv_invalid_tag);
    CHECK(append_tlv(0x9F, {}, out) == iso8583_errc::tlv_invalid_tag);
    CHECK(append_tlv(0x8202, {}, out) == iso8583_errc::tlv_invalid_tag);
    CHECK(append_tlv(0x9F0281, {}, out) == iso8583_errc::tlv_invalid_tag);
    CHECK(append_tlv(0x9F81, {}, out) == iso8583_errc::tlv_invalid_tag);
    CHECK(out.empty());
    CHECK(!append_tlv(0x9F8102, {}, out));
    CHECK(out == bytes_of("9F8102 00"));
  }

  TEST_CASE("find_tlv searches nested objects") {
    const std::string data = bytes_of("77 0B 9F27 01 80 70 05 5A 03 476173");
    REQUIRE(find_tlv(as_byte_view(data), 0x5A));
    CHECK(to_hex(*find_tlv(as_byte_view(data), 0x5A)) == "476173");
    CHECK(to_hex(*find_tlv(as_byte_view(data), 0x9F27)) == "80");
    CHECK_FALSE(find_tlv(as_byte_view(data), 0x9F02));
  }
}
