#include "protocols/iso8583/bcd.hpp"
#include "protocols/iso8583/ebcdic.hpp"
#include "protocols/iso8583/field_format.hpp"
#include "protocols/iso8583/hex.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <set>
#include <string>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;

TEST_SUITE("iso8583 encodings") {
  TEST_CASE("hex encodes uppercase and decodes either case") {
    CHECK(to_hex(as_byte_view(bytes_of("00FF1a"))) == "00FF1A");
    CHECK(from_hex("00ff1A") == bytes_of("00FF1A"));
    CHECK_FALSE(from_hex("0"));
    CHECK_FALSE(from_hex("0G"));
    CHECK(hex_value('f') == 15);
    CHECK(hex_value('g') == -1);
  }

  TEST_CASE("BCD packs left- or right-padded with the chosen filler") {
    std::uint8_t out[4] = {};
    CHECK(encode_bcd("123", 0, bcd_pad::left, 0, false, out) == std::string_view::npos);
    CHECK(std::string(reinterpret_cast<char*>(out), 2) == bytes_of("0123"));
    CHECK(encode_bcd("123", 0, bcd_pad::right, 0xF, false, out) == std::string_view::npos);
    CHECK(std::string(reinterpret_cast<char*>(out), 2) == bytes_of("123F"));
    CHECK(encode_bcd("7", 2, bcd_pad::left, 0, false, out) == std::string_view::npos);
    CHECK(std::string(reinterpret_cast<char*>(out), 2) == bytes_of("0007"));
    CHECK(encode_bcd("12=3", 0, bcd_pad::left, 0, true, out) == std::string_view::npos);
    CHECK(std::string(reinterpret_cast<char*>(out), 2) == bytes_of("12D3"));
    CHECK(encode_bcd("12=3", 0, bcd_pad::left, 0, false, out) == 2);
    CHECK(encode_bcd("1x", 0, bcd_pad::left, 0, false, out) == 1);
  }

  TEST_CASE("BCD unpacks digits and refuses nibbles above nine") {
    char out[8];
    const std::string packed = bytes_of("0123");
    const auto* in = reinterpret_cast<const std::uint8_t*>(packed.data());
    CHECK(decode_bcd(in, 3, bcd_pad::left, false, out) == std::string_view::npos);
    CHECK(std::string(out, 3) == "123");
    CHECK(decode_bcd(in, 3, bcd_pad::right, false, out) == std::string_view::npos);
    CHECK(std::string(out, 3) == "012");
    const std::string track = bytes_of("1D2A");
    const auto* t = reinterpret_cast<const std::uint8_t*>(track.data());
    CHECK(decode_bcd(t, 3, bcd_pad::right, true, out) == std::string_view::npos);
    CHECK(std::string(out, 3) == "1=2");
    CHECK(decode_bcd(t, 4, bcd_pad::right, true, out) == 1);
    CHECK(decode_bcd(t, 2, bcd_pad::right, false, out) == 0);
  }

  TEST_CASE("EBCDIC maps all printable ASCII both ways and nothing else") {
    std::set<std::uint8_t> seen;
    for (int c = 0x20; c <= 0x7E; ++c) {
      const std::uint8_t e = to_ebcdic(static_cast<char>(c));
      CHECK(e != 0);
      CHECK(from_ebcdic(e) == static_cast<char>(c));
      seen.insert(e);
    }
    CHECK(seen.size() == 95);
    CHECK(to_ebcdic('A') == 0xC1);
    CHECK(to_ebcdic('0') == 0xF0);
    CHECK(to_ebcdic(' ') == 0x40);
    CHECK(to_ebcdic('\n') == 0);
    CHECK(from_ebcdic(0x00) == '\0');
    std::uint8_t out[4];
    CHECK(encode_ebcdic("AB\tC", out) == 2);
  }

  TEST_CASE("ISO notation parses types, prefix digits and lengths") {
    const auto f = [](std::string_view s) {
      return parse_field_format(s);
    };
    CHECK(f("n 6")->length == length_kind::fixed);
    CHECK(f("n 6")->max_length == 6);
    CHECK(f("n..19")->length == length_kind::ll);
    CHECK(f("ans...999")->length == length_kind::lll);
    CHECK(f("b...255")->type == field_type::b);
    CHECK(f("x+n 8")->type == field_type::xn);
    CHECK(f("z..37")->max_length == 37);
    CHECK(f("ans......999999")->length == length_kind::llllll);
    CHECK(f("n6")->max_length == 6);
    for (const char* bad : {"", "n", "q 6", "n .6", "n 0", "n..", "n .......9", "n 6x", "N 6"}) {
      CAPTURE(bad);
      CHECK_FALSE(f(bad));
    }
    CHECK(to_string(*f("ans...999")) == "ans...999");
    CHECK(to_string(*f("x+n 8")) == "x+n 8");
  }

  TEST_CASE("dialect-file names convert to enum values and back") {
    for (auto e : {data_encoding::ascii, data_encoding::ebcdic, data_encoding::bcd_left,
                   data_encoding::bcd_right, data_encoding::binary, data_encoding::hex})
      CHECK(parse_data_encoding(to_string(e)) == e);
    for (auto p : {padding::none, padding::left_zero, padding::right_space, padding::left_space,
                   padding::right_zero})
      CHECK(parse_padding(to_string(p)) == p);
    CHECK(parse_length_kind("lllll") == length_kind::lllll);
    CHECK(parse_mask_rule("tlv") == mask_rule::tlv);
    CHECK_FALSE(parse_prefix_encoding("hex"));
    CHECK(to_string(field_type::xn) == "x+n");
  }

  TEST_CASE("long BCD runs are checked in every chunk") {
    std::uint8_t out[16];
    CHECK(encode_bcd("1234567890123456", 0, bcd_pad::right, 0, false, out)
          == std::string_view::npos);
    CHECK(std::string(reinterpret_cast<char*>(out), 8) == bytes_of("1234567890123456"));
    CHECK(encode_bcd("12345x7890123456", 0, bcd_pad::right, 0, false, out) == 5);
    CHECK(encode_bcd("12345678901x3456", 0, bcd_pad::right, 0, false, out) == 11);
    CHECK(encode_bcd("123456789012345:", 0, bcd_pad::right, 0, false, out) == 15);
    char digits[16];
    for (const char* bad : {"12345A7890123456", "1234567890B23456", "123456789012345F"}) {
      CAPTURE(bad);
      const std::string packed = bytes_of(bad);
      const auto* in = reinterpret_cast<const std::uint8_t*>(packed.data());
      const std::size_t at = std::string_view(bad).find_first_of("ABCDEF") / 2;
      CHECK(decode_bcd(in, 16, bcd_pad::right, false, digits) == at);
    }
    const std::string good = bytes_of("1234567890123456");
    CHECK(decode_bcd(reinterpret_cast<const std::uint8_t*>(good.data()), 16, bcd_pad::right, false,
                     digits)
          == std::string_view::npos);
    CHECK(std::string(digits, 16) == "1234567890123456");
  }

  TEST_CASE("track data packs and unpacks its separator in long runs") {
    std::uint8_t out[12];
    const std::string track = "4761739001010119=2212201";
    REQUIRE(encode_bcd(track, 0, bcd_pad::right, 0, true, out) == std::string_view::npos);
    CHECK(std::string(reinterpret_cast<char*>(out), 12) == bytes_of("4761739001010119D2212201"));
    CHECK(encode_bcd("4761739001010119D2212201", 0, bcd_pad::right, 0, true, out)
          == std::string_view::npos);
    CHECK(encode_bcd("47617390010X0119=2212201", 0, bcd_pad::right, 0, true, out) == 11);
    char chars[24];
    REQUIRE(encode_bcd(track, 0, bcd_pad::right, 0, true, out) == std::string_view::npos);
    REQUIRE(decode_bcd(out, 24, bcd_pad::right, true, chars) == std::string_view::npos);
    CHECK(std::string(chars, 24) == track);
    const std::string bad = bytes_of("4761739001010119D22122B1");
    CHECK(
      decode_bcd(reinterpret_cast<const std::uint8_t*>(bad.data()), 24, bcd_pad::right, true, chars)
      == 11);
  }
}
