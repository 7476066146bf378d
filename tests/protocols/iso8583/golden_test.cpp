#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <tuple>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;
using switchyard::iso8583::testing::reference_0200;
using switchyard::iso8583::testing::reference_0800;

namespace {

std::string packed(const message& m, const dialect& d) {
  std::string out;
  const codec_result r = pack(m, d, out);
  REQUIRE_MESSAGE(r.ok(), to_string(r));
  return out;
}

message unpacked(const std::string& wire, const dialect& d) {
  message m;
  const codec_result r = unpack(as_byte_view(wire), d, m);
  REQUIRE_MESSAGE(r.ok(), to_string(r));
  CHECK(r.size == wire.size());
  return m;
}

// Bits 2, 3, 4, 7, 11, 35, 41, 49, 52 and 55.
constexpr const char* bitmap_0200 = "7220000020809200";

// The 0200 in iso87-ascii (jPOS ISO87APackager), field by field.
const std::string ascii_0200 = std::string("0200") + bitmap_0200
                               + "16"
                                 "4761739001010119" // 2: LL n..19
                               + "000000"           // 3: n 6
                               + "000000001000"     // 4: n 12
                               + "0612143015"       // 7: n 10
                               + "000123"           // 11: n 6
                               + "24"
                                 "4761739001010119=2212201" // 35: LL z..37
                               + "TERM0001"                 // 41: ans 8
                               + "840"                      // 49: an 3
                               + "123456789ABCDEF0"         // 52: b 8 as hex
                               + "026"
                                 "9F020600000000100082025800"; // 55: LLL hex chars

// The 0200 in iso87-binary (jPOS ISO87BPackager), field by field.
const std::string binary_0200 = bytes_of("0200" // MTI, BCD
                                         "7220000020809200"
                                         "16 4761739001010119"               // 2: BCD LL + BCD
                                         "000000"                            // 3
                                         "000000001000"                      // 4
                                         "0612143015"                        // 7
                                         "000123"                            // 11
                                         "24 4761739001010119 D2212201"      // 35: '=' is nibble D
                                         "5445524D30303031"                  // 41: ASCII TERM0001
                                         "383430"                            // 49: ASCII 840
                                         "123456789ABCDEF0"                  // 52: raw
                                         "0013 9F020600000000100082025800"); // 55: BCD LLL

// Bits 1 (secondary), 7, 11; secondary bit 70.
const std::string ascii_0800 = "0800"
                               "8220000000000000"
                               "0400000000000000"
                               "0612143015"
                               "000001"
                               "301";
const std::string binary_0800 = bytes_of("0800 8220000000000000 0400000000000000"
                                         "0612143015 000001 0301");

} // namespace

TEST_SUITE("iso8583 golden vectors") {
  TEST_CASE("iso87-ascii packs the reference 0200 byte for byte") {
    CHECK(packed(reference_0200(), iso87_ascii()) == ascii_0200);
  }

  TEST_CASE("iso87-ascii unpacks the reference 0200 bytes to the same fields") {
    const message m = unpacked(ascii_0200, iso87_ascii());
    CHECK(m == reference_0200());
    CHECK(m.get(35) == "4761739001010119=2212201");
    CHECK(m.bytes(52).size() == 8);
  }

  TEST_CASE("iso87-ascii writes the 0800 with a hex secondary bitmap") {
    CHECK(packed(reference_0800(), iso87_ascii()) == ascii_0800);
    CHECK(unpacked(ascii_0800, iso87_ascii()) == reference_0800());
  }

  TEST_CASE("iso87-binary packs the reference 0200 with BCD numerics and prefixes") {
    CHECK(packed(reference_0200(), iso87_binary()) == binary_0200);
  }

  TEST_CASE("iso87-binary unpacks the reference 0200 bytes to the same fields") {
    CHECK(unpacked(binary_0200, iso87_binary()) == reference_0200());
  }

  TEST_CASE("iso87-binary writes the 0800 with a binary secondary bitmap and BCD field 70") {
    CHECK(packed(reference_0800(), iso87_binary()) == binary_0800);
    CHECK(unpacked(binary_0800, iso87_binary()) == reference_0800());
  }

  TEST_CASE("iso87-ascii-binary-bitmap keeps ASCII fields behind a binary bitmap") {
    const std::string expected
      = std::string("0200") + bytes_of(bitmap_0200) + ascii_0200.substr(20);
    CHECK(packed(reference_0200(), iso87_ascii_binary_bitmap()) == expected);
    CHECK(unpacked(expected, iso87_ascii_binary_bitmap()) == reference_0200());
    const std::string echo
      = std::string("0800") + bytes_of("8220000000000000 0400000000000000") + "0612143015000001301";
    CHECK(packed(reference_0800(), iso87_ascii_binary_bitmap()) == echo);
  }

  TEST_CASE("iso87-binary pads an odd-length PAN with a trailing zero nibble like IFB_LLNUM") {
    message m;
    m.set_mti("0100");
    m.set(2, "4761739001010119123");
    const std::string wire = packed(m, iso87_binary());
    CHECK(wire == bytes_of("0100 4000000000000000 19 47617390010101191230"));
    CHECK(unpacked(wire, iso87_binary()).get(2) == "4761739001010119123");
  }

  TEST_CASE("iso87-binary packs fixed odd numerics right-justified with a leading zero nibble") {
    message m;
    m.set_mti("0100");
    m.set(22, "051");
    m.set(27, "6");
    CHECK(packed(m, iso87_binary()) == bytes_of("0100 0000042000000000 0051 06"));
  }

  TEST_CASE("x+n amounts carry an ASCII sign in both dialects") {
    message m;
    m.set_mti("0200");
    m.set(28, "D00000150");
    CHECK(packed(m, iso87_ascii())
          == "0200"
             "0000001000000000"
             "D00000150");
    CHECK(packed(m, iso87_binary()) == bytes_of("0200 0000001000000000 44 00000150"));
    CHECK(unpacked(packed(m, iso87_binary()), iso87_binary()).amount_minor(28) == -150);
  }

  TEST_CASE("built-in dialects follow the ISO 8583:1987 field table") {
    const dialect& d = iso87_ascii();
    auto shape = [&](int f) {
      const field_spec& s = *d.find(f);
      return std::make_tuple(s.type, s.length, s.max_length);
    };
    CHECK(shape(2) == std::make_tuple(field_type::n, length_kind::ll, 19U));
    CHECK(shape(4) == std::make_tuple(field_type::n, length_kind::fixed, 12U));
    CHECK(shape(7) == std::make_tuple(field_type::n, length_kind::fixed, 10U));
    CHECK(shape(11) == std::make_tuple(field_type::n, length_kind::fixed, 6U));
    CHECK(shape(12) == std::make_tuple(field_type::n, length_kind::fixed, 6U));
    CHECK(shape(13) == std::make_tuple(field_type::n, length_kind::fixed, 4U));
    CHECK(shape(35) == std::make_tuple(field_type::z, length_kind::ll, 37U));
    CHECK(shape(39) == std::make_tuple(field_type::an, length_kind::fixed, 2U));
    CHECK(shape(41) == std::make_tuple(field_type::ans, length_kind::fixed, 8U));
    CHECK(shape(52) == std::make_tuple(field_type::b, length_kind::fixed, 8U));
    CHECK(shape(55) == std::make_tuple(field_type::b, length_kind::lll, 255U));
    CHECK(shape(70) == std::make_tuple(field_type::n, length_kind::fixed, 3U));
    CHECK(shape(128) == std::make_tuple(field_type::b, length_kind::fixed, 8U));
  }

  TEST_CASE("built-in dialects are consistent and found by name") {
    for (std::string_view name : builtin_dialect_names) {
      const dialect* d = find_builtin_dialect(name);
      REQUIRE(d != nullptr);
      CHECK(d->name == name);
      CHECK(check_dialect(*d).empty());
      CHECK(d->find(1) == nullptr);
      CHECK(d->find(129) == nullptr);
    }
    CHECK(find_builtin_dialect("iso93-ascii") == nullptr);
  }
}
