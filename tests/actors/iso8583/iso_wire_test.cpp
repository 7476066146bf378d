#include "actors/iso8583/iso_wire.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <doctest/doctest.h>

#include <ostream> // doctest prints std::error_code
#include <string>
#include <utility>

namespace iso = switchyard::iso8583;
namespace config = switchyard::config;
using switchyard::encode_message_frame;
using switchyard::encode_reply_frame;
using switchyard::to_iso_framing;

namespace {

iso::message response() {
  iso::message m;
  m.set_mti("0210");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(11, "000123");
  m.set(37, "123456789012");
  m.set(39, "00");
  m.set(41, "TERM0001");
  m.set(49, "978");
  return m;
}

iso::message decode(std::string_view frame, const iso::framing_settings& framing = {}) {
  auto r = iso::try_extract(iso::as_byte_view(frame), framing);
  REQUIRE(r.status == iso::frame_status::complete);
  REQUIRE(r.consumed == frame.size());
  iso::message m;
  REQUIRE(iso::unpack(r.message, iso::iso87_ascii(), m).ok());
  return m;
}

} // namespace

TEST_SUITE("iso_wire") {
  TEST_CASE("to_iso_framing maps every config framing kind to the codec kind of the same name") {
    const std::pair<config::framing_kind, iso::framing_kind> table[] = {
      {config::framing_kind::len2, iso::framing_kind::len2},
      {config::framing_kind::len2_inclusive, iso::framing_kind::len2_inclusive},
      {config::framing_kind::ascii4, iso::framing_kind::ascii4},
      {config::framing_kind::bcd2, iso::framing_kind::bcd2},
    };
    for (auto [from, to] : table)
      CHECK(to_iso_framing(from) == to);
  }

  TEST_CASE("encode_message_frame appends a frame that decodes to the message") {
    std::string out = "xy";
    auto r = encode_message_frame({}, response(), iso::iso87_ascii(), {}, out);
    REQUIRE(r.ok());
    REQUIRE(out.size() > 4);
    CHECK(out.substr(0, 2) == "xy");
    CHECK(out.size() == 2 + 2 + r.size);
    CHECK(decode(std::string_view{out}.substr(2)) == response());
  }

  TEST_CASE("encode_message_frame writes the header after an ascii4 length") {
    iso::framing_settings framing;
    framing.kind = iso::framing_kind::ascii4;
    framing.header_bytes = 5;
    std::string out;
    const std::string_view tpdu{"\x60\x00\x01\x00\x02", 5};
    REQUIRE(encode_message_frame(tpdu, response(), iso::iso87_ascii(), framing, out).ok());
    auto length = std::to_string(out.size() - 4);
    CHECK(out.substr(0, 4) == std::string(4 - length.size(), '0') + length);
    auto e = iso::try_extract(iso::as_byte_view(out), framing);
    REQUIRE(e.status == iso::frame_status::complete);
    CHECK(iso::as_string_view(e.header) == tpdu);
    CHECK(decode(out, framing) == response());
  }

  TEST_CASE("encode_message_frame names the failing field and leaves out as it was") {
    auto m = response();
    m.set(4, "0000000010000"); // 13 digits in an n 12 field
    std::string out = "kept";
    auto r = encode_message_frame({}, m, iso::iso87_ascii(), {}, out);
    CHECK_FALSE(r.ok());
    CHECK(r.field == 4);
    CHECK(r.error == iso::iso8583_errc::invalid_length);
    CHECK(out == "kept");
  }

  TEST_CASE("encode_message_frame reports frame_too_large without blaming a field") {
    iso::framing_settings framing;
    framing.max_frame_bytes = 20;
    std::string out = "kept";
    auto r = encode_message_frame({}, response(), iso::iso87_ascii(), framing, out);
    CHECK(r.error == iso::iso8583_errc::frame_too_large);
    CHECK(r.field == iso::no_element);
    CHECK(out == "kept");
  }

  TEST_CASE("encode_message_frame refuses a header of the wrong size") {
    iso::framing_settings framing;
    framing.header_bytes = 5;
    std::string out;
    auto r = encode_message_frame("abc", response(), iso::iso87_ascii(), framing, out);
    CHECK(r.error == iso::iso8583_errc::invalid_frame_length);
    CHECK(r.field == iso::no_element);
    CHECK(out.empty());
  }

  TEST_CASE("encode_reply_frame returns the whole response when it packs") {
    auto frame = encode_reply_frame({}, response(), iso::iso87_ascii(), {});
    REQUIRE_FALSE(frame.empty());
    CHECK(decode(frame) == response());
  }

  TEST_CASE("encode_reply_frame falls back to a 96 response when a value is too long") {
    auto m = response();
    m.set(4, "0000000010000"); // 13 digits in an n 12 field
    auto frame = encode_reply_frame({}, m, iso::iso87_ascii(), {});
    REQUIRE_FALSE(frame.empty());
    auto sent = decode(frame);
    CHECK(sent.mti() == "0210");
    CHECK(sent.get(11) == "000123");
    CHECK(sent.get(37) == "123456789012");
    CHECK(sent.get(41) == "TERM0001");
    CHECK(sent.get(39) == "96");
    CHECK_FALSE(sent.has(4));
    CHECK_FALSE(sent.has(3));
    CHECK(sent.size() == 4);
  }

  TEST_CASE("encode_reply_frame falls back to a 96 response for a field the dialect lacks") {
    auto m = response();
    m.remove(37);
    m.set(150, "x");
    auto frame = encode_reply_frame({}, m, iso::iso87_ascii(), {});
    REQUIRE_FALSE(frame.empty());
    auto sent = decode(frame);
    CHECK(sent.mti() == "0210");
    CHECK(sent.get(11) == "000123");
    CHECK(sent.get(41) == "TERM0001");
    CHECK(sent.get(39) == "96");
    CHECK(sent.size() == 3);
  }

  TEST_CASE("encode_reply_frame returns nothing when even the 96 response cannot be packed") {
    iso::message m;
    m.set(11, "000123");
    m.set(39, "00");
    CHECK(encode_reply_frame({}, m, iso::iso87_ascii(), {}).empty());
  }
}
