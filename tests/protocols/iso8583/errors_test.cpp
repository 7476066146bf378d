#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <set>
#include <string>
#include <vector>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;
using switchyard::iso8583::testing::reference_0200;

namespace {

codec_result unpack_ascii(const std::string& wire, const dialect& d = iso87_ascii()) {
  message m;
  return unpack(as_byte_view(wire), d, m);
}

void check_failure(const codec_result& r, iso8583_errc e, int field, std::size_t offset) {
  CHECK_MESSAGE(r.error == e, to_string(r));
  CHECK(r.field == field);
  CHECK(r.offset == offset);
}

std::string packed_ascii(const message& m) {
  std::string out;
  REQUIRE(pack(m, iso87_ascii(), out).ok());
  return out;
}

} // namespace

TEST_SUITE("iso8583 bad input") {
  TEST_CASE("a message shorter than its MTI is a truncated MTI") {
    check_failure(unpack_ascii("020"), iso8583_errc::truncated_mti, mti_element, 0);
    check_failure(unpack_ascii(bytes_of("02"), iso87_binary()), iso8583_errc::truncated_mti,
                  mti_element, 0);
  }

  TEST_CASE("an MTI with a non-digit is rejected in ASCII and BCD") {
    check_failure(unpack_ascii("02A0"
                               "0000000000000000"),
                  iso8583_errc::invalid_mti, 0, 0);
    check_failure(unpack_ascii(bytes_of("02A0 0000000000000000"), iso87_binary()),
                  iso8583_errc::invalid_mti, 0, 0);
  }

  TEST_CASE("a primary bitmap cut short is a truncated bitmap") {
    check_failure(unpack_ascii("0200"
                               "72200000"),
                  iso8583_errc::truncated_bitmap, bitmap_element, 4);
  }

  TEST_CASE("bit 1 without the secondary bitmap bytes is a truncated bitmap") {
    check_failure(unpack_ascii("0800"
                               "8220000000000000"
                               "04000000"),
                  iso8583_errc::truncated_bitmap, bitmap_element, 20);
    check_failure(unpack_ascii(bytes_of("0800 8220000000000000 0400"), iso87_binary()),
                  iso8583_errc::truncated_bitmap, bitmap_element, 10);
  }

  TEST_CASE("a hex bitmap with a non-hex character is an invalid bitmap") {
    check_failure(unpack_ascii("0200"
                               "72200000208092G0"),
                  iso8583_errc::invalid_bitmap, bitmap_element, 4);
  }

  TEST_CASE("a fixed field running past the end is a truncated field") {
    check_failure(unpack_ascii("0200"
                               "2000000000000000"
                               "00000"),
                  iso8583_errc::truncated_field, 3, 20);
  }

  TEST_CASE("a length prefix running past the end is a truncated length prefix") {
    check_failure(unpack_ascii("0200"
                               "4000000000000000"
                               "1"),
                  iso8583_errc::truncated_length_prefix, 2, 20);
    check_failure(unpack_ascii(bytes_of("0200 0000000000000200"), iso87_binary()),
                  iso8583_errc::truncated_length_prefix, 55, 10);
  }

  TEST_CASE("a length prefix with a non-digit is an invalid length prefix") {
    check_failure(unpack_ascii("0200"
                               "4000000000000000"
                               "1A4761739001010119"),
                  iso8583_errc::invalid_length_prefix, 2, 20);
    check_failure(
      unpack_ascii(bytes_of("0200 4000000000000000 1A 4761739001010119"), iso87_binary()),
      iso8583_errc::invalid_length_prefix, 2, 10);
  }

  TEST_CASE("a variable length above the field maximum is rejected at its prefix") {
    check_failure(unpack_ascii("0200"
                               "4000000000000000"
                               "20"
                               "47617390010101191234"),
                  iso8583_errc::length_exceeds_max, 2, 20);
  }

  TEST_CASE("a letter in a numeric field is an invalid character at its exact byte") {
    check_failure(unpack_ascii("0200"
                               "2000000000000000"
                               "00X000"),
                  iso8583_errc::invalid_character, 3, 22);
    check_failure(unpack_ascii(bytes_of("0200 2000000000000000 00 0A 00"), iso87_binary()),
                  iso8583_errc::invalid_character, 3, 11);
  }

  TEST_CASE("track 2 accepts only digits and the separator") {
    check_failure(unpack_ascii("0200"
                               "0000000020000000"
                               "05"
                               "41^11"),
                  iso8583_errc::invalid_character, 35, 24);
  }

  TEST_CASE("an amount sign other than C or D is an invalid character") {
    check_failure(unpack_ascii("0200"
                               "0000001000000000"
                               "X00000150"),
                  iso8583_errc::invalid_character, 28, 20);
  }

  TEST_CASE("hex data of odd length counted in characters is an invalid length prefix") {
    check_failure(unpack_ascii("0200"
                               "0000000000000200"
                               "003"
                               "ABC"),
                  iso8583_errc::invalid_length_prefix, 55, 20);
  }

  TEST_CASE("a bit for a field the dialect lacks is rejected at that field") {
    dialect d = iso87_ascii();
    d.fields[3] = {};
    check_failure(unpack_ascii("0200"
                               "2000000000000000"
                               "000000",
                               d),
                  iso8583_errc::field_not_in_dialect, 3, 20);
  }

  TEST_CASE("bytes after the last field are trailing data") {
    check_failure(unpack_ascii("0200"
                               "2000000000000000"
                               "000000"
                               "XY"),
                  iso8583_errc::trailing_data, no_element, 26);
  }

  TEST_CASE("every truncation of a valid message fails cleanly without reading past it") {
    for (const dialect* d : {&iso87_ascii(), &iso87_binary(), &iso87_ascii_binary_bitmap()}) {
      std::string wire;
      REQUIRE(pack(switchyard::iso8583::testing::authorization_0200(), *d, wire).ok());
      for (std::size_t n = 0; n < wire.size(); ++n) {
        // A fresh copy of the prefix so that AddressSanitizer catches any over-read.
        const std::vector<std::uint8_t> cut(wire.begin(), wire.begin() + static_cast<long>(n));
        message m;
        const codec_result r = unpack(cut, *d, m);
        CHECK(!r.ok());
        CHECK(r.offset <= n);
      }
    }
  }

  TEST_CASE("packing reports the field that cannot be written") {
    message m = reference_0200();
    std::string out;
    message no_mti;
    CHECK(pack(no_mti, iso87_ascii(), out).error == iso8583_errc::missing_mti);
    m.set(11, "1234567");
    CHECK(pack(m, iso87_ascii(), out).field == 11);
    CHECK(pack(m, iso87_ascii(), out).error == iso8583_errc::invalid_length);
    m = reference_0200();
    m.set(2, "47617390010101191234");
    CHECK(pack(m, iso87_ascii(), out).error == iso8583_errc::length_exceeds_max);
    m = reference_0200();
    m.set(4, "00000000100A");
    CHECK(pack(m, iso87_ascii(), out).error == iso8583_errc::invalid_character);
    CHECK(out.empty());
  }

  TEST_CASE("packing a field beyond the dialect's bitmaps fails") {
    message m = reference_0200();
    m.set(130, "X");
    std::string out;
    const codec_result r = pack(m, iso87_ascii(), out);
    CHECK(r.error == iso8583_errc::field_not_in_dialect);
    CHECK(r.field == 130);
    dialect d = iso87_ascii();
    d.fields[7] = {};
    CHECK(pack(reference_0200(), d, out).field == 7);
  }

  TEST_CASE("a codec result names the field, the byte offset and the error") {
    const codec_result r = unpack_ascii("0200"
                                        "2000000000000000"
                                        "00X000");
    CHECK(to_string(r) == "field 3 at byte 22: character not allowed by the field type");
    CHECK(to_string(unpack_ascii("02")) == "MTI at byte 0: truncated MTI");
    CHECK(to_string(unpack_ascii(packed_ascii(reference_0200()))).rfind("ok (", 0) == 0);
  }

  TEST_CASE("every iso8583_errc value has its own message in the iso8583 category") {
    std::set<std::string> messages;
    for (int e = 1; e <= static_cast<int>(iso8583_errc::invalid_value); ++e) {
      const std::error_code ec = static_cast<iso8583_errc>(e);
      CHECK(ec.category().name() == std::string("iso8583"));
      CHECK(ec.message() != "unknown iso8583 error");
      messages.insert(ec.message());
    }
    CHECK(messages.size() == static_cast<std::size_t>(iso8583_errc::invalid_value));
  }
}
