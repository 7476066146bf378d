#include "protocols/iso8583/framing.hpp"

#include "protocols/iso8583/errc.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <ostream>
#include <string>
#include <vector>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;

namespace {

// The spans of the result view `buffer`, which must outlive them.
frame_result extract(const std::string& buffer, const framing_settings& s) {
  return try_extract(as_byte_view(buffer), s);
}

std::string text(std::span<const std::uint8_t> bytes) {
  return std::string(as_string_view(bytes));
}

framing_settings settings(framing_kind kind, std::size_t header = 0, std::size_t max = 8192) {
  framing_settings s;
  s.kind = kind;
  s.header_bytes = header;
  s.max_frame_bytes = max;
  return s;
}

} // namespace

TEST_SUITE("iso8583 framing") {
  TEST_CASE("framing kinds parse from and print to their config names") {
    for (auto k : {framing_kind::len2, framing_kind::len2_inclusive, framing_kind::ascii4,
                   framing_kind::bcd2})
      CHECK(parse_framing_kind(to_string(k)) == k);
    CHECK(parse_framing_kind("len2-inclusive") == framing_kind::len2_inclusive);
    CHECK_FALSE(parse_framing_kind("len4"));
    CHECK_FALSE(parse_framing_kind(""));
  }

  TEST_CASE("a partial prefix or a partial frame needs more bytes") {
    const auto s = settings(framing_kind::len2);
    CHECK(extract("", s).status == frame_status::need_more);
    CHECK(extract(bytes_of("00"), s).status == frame_status::need_more);
    const frame_result r = extract(bytes_of("0005") + "0800", s);
    CHECK(r.status == frame_status::need_more);
    CHECK(r.consumed == 0);
  }

  TEST_CASE("each kind frames an exact buffer and reports the bytes consumed") {
    const std::pair<framing_kind, std::string> cases[] = {
      {framing_kind::len2, bytes_of("0004")},
      {framing_kind::len2_inclusive, bytes_of("0006")},
      {framing_kind::ascii4, "0004"},
      {framing_kind::bcd2, bytes_of("0004")},
    };
    for (const auto& c : cases) {
      const framing_kind kind = c.first;
      const std::string& prefix = c.second;
      CAPTURE(to_string(kind));
      const std::string buffer = prefix + "0800";
      const frame_result r = extract(buffer, settings(kind));
      CHECK(r.status == frame_status::complete);
      CHECK(text(r.message) == "0800");
      CHECK(text(r.frame) == "0800");
      CHECK(r.consumed == prefix.size() + 4);
    }
  }

  TEST_CASE("several frames in one buffer come out one at a time") {
    const auto s = settings(framing_kind::ascii4);
    const std::string buffer = std::string("0004") + "0800" + "0005" + "08100" + "00";
    frame_result first = extract(buffer, s);
    REQUIRE(first.status == frame_status::complete);
    CHECK(text(first.message) == "0800");
    const std::string rest = buffer.substr(first.consumed);
    const frame_result second = extract(rest, s);
    REQUIRE(second.status == frame_status::complete);
    CHECK(text(second.message) == "08100");
    const std::string last = rest.substr(second.consumed);
    const frame_result third = extract(last, s);
    CHECK(third.status == frame_status::need_more);
  }

  TEST_CASE("a frame above the maximum is an error before its bytes arrive") {
    const frame_result r = extract(bytes_of("2001"), settings(framing_kind::len2, 0, 8192));
    CHECK(r.status == frame_status::error);
    CHECK(r.error == iso8583_errc::frame_too_large);
    CHECK(extract(bytes_of("2000"), settings(framing_kind::len2)).status
          == frame_status::need_more);
  }

  TEST_CASE("malformed length prefixes are errors") {
    CHECK(extract("00A4", settings(framing_kind::ascii4)).error
          == iso8583_errc::invalid_frame_length);
    CHECK(extract(bytes_of("001A"), settings(framing_kind::bcd2)).error
          == iso8583_errc::invalid_frame_length);
    CHECK(extract(bytes_of("0001"), settings(framing_kind::len2_inclusive)).error
          == iso8583_errc::invalid_frame_length);
  }

  TEST_CASE("a frame shorter than its header is an error") {
    const frame_result r = extract(bytes_of("0003 600001"), settings(framing_kind::len2, 5));
    CHECK(r.status == frame_status::error);
    CHECK(r.error == iso8583_errc::frame_too_small);
  }

  TEST_CASE("a TPDU header is split off and swapped for the response") {
    const auto s = settings(framing_kind::len2, 5);
    const std::string buffer = bytes_of("0009 6000120034") + "0800";
    const frame_result r = extract(buffer, s);
    REQUIRE(r.status == frame_status::complete);
    CHECK(text(r.header) == bytes_of("6000120034"));
    CHECK(text(r.message) == "0800");
    CHECK(response_header(r.header, s) == bytes_of("6000340012"));
    framing_settings keep = s;
    keep.swap_tpdu = false;
    CHECK(response_header(r.header, keep) == bytes_of("6000120034"));
  }

  TEST_CASE("encoded frames carry the right prefix and extract back") {
    for (auto kind : {framing_kind::len2, framing_kind::len2_inclusive, framing_kind::ascii4,
                      framing_kind::bcd2}) {
      CAPTURE(to_string(kind));
      const auto s = settings(kind, 5);
      const std::string header = bytes_of("6000340012");
      std::string out = "junk";
      REQUIRE(!encode_frame(as_byte_view(header), as_byte_view(std::string(1234, 'x')), s, out));
      CHECK(out.size() == 4 + length_prefix_size(kind) + 5 + 1234);
      const std::string frame = out.substr(4);
      const frame_result r = extract(frame, s);
      REQUIRE(r.status == frame_status::complete);
      CHECK(r.message.size() == 1234);
      CHECK(text(r.header) == header);
    }
    std::string out;
    REQUIRE(!encode_frame({}, as_byte_view("0800"), settings(framing_kind::bcd2), out));
    CHECK(out == bytes_of("0004") + "0800");
  }

  TEST_CASE("encoding refuses oversize frames and headers of the wrong size") {
    std::string out;
    const std::string big(9000, 'x');
    CHECK(encode_frame({}, as_byte_view(big), settings(framing_kind::len2), out)
          == iso8583_errc::frame_too_large);
    CHECK(encode_frame({}, as_byte_view(std::string(10000, 'x')),
                       settings(framing_kind::ascii4, 0, 20000), out)
          == iso8583_errc::frame_too_large);
    CHECK(
      encode_frame(as_byte_view("abc"), as_byte_view("0800"), settings(framing_kind::len2, 5), out)
      == iso8583_errc::invalid_frame_length);
    CHECK(out.empty());
  }

  TEST_CASE("std::byte buffers frame like byte buffers") {
    const std::string raw = bytes_of("0004") + "0800";
    std::vector<std::byte> buffer(raw.size());
    std::memcpy(buffer.data(), raw.data(), raw.size());
    const frame_result r = try_extract(as_byte_view(buffer), settings(framing_kind::len2));
    REQUIRE(r.status == frame_status::complete);
    CHECK(text(r.message) == "0800");
  }
}
