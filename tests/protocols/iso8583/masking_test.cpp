#include "protocols/iso8583/masking.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/describe.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <string>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;

namespace {

const std::string pan = "4761739001010119";

message card_message() {
  message m = switchyard::iso8583::testing::authorization_0200();
  m.set(45, std::string("B") + pan + "^CARDHOLDER/JANE^2212201000000000000000000");
  m.set(34, "5413330089020011");
  return m;
}

} // namespace

TEST_SUITE("iso8583 masking") {
  TEST_CASE("a PAN shows at most its first six and last four digits") {
    CHECK(mask_pan("4761739001010119") == "476173******0119");
    CHECK(mask_pan("4761739001010119123") == "476173*********9123");
    CHECK(mask_pan("4761739001010") == "476173***1010");
    CHECK(mask_pan("476173900101") == "********0101");
    CHECK(mask_pan("1234567") == "*******");
    CHECK(mask_pan("").empty());
  }

  TEST_CASE("track data keeps only the masked account number visible") {
    CHECK(mask_track("4761739001010119=2212201123") == "476173******0119***********");
    CHECK(mask_track("4761739001010119D2212201") == "476173******0119********");
    CHECK(mask_track("B4761739001010119^DOE/JOHN^2212") == "B476173******0119**************");
    CHECK(mask_track("==") == "==");
  }

  TEST_CASE("describe never shows a full PAN, track, PIN block or expiry date") {
    const message m = card_message();
    for (auto style : {describe_style::one_line, describe_style::multi_line}) {
      for (const dialect* d : {&iso87_ascii(), &iso87_binary()}) {
        const std::string text = describe(m, *d, style);
        CAPTURE(text);
        CHECK(text.find(pan) == std::string::npos);
        CHECK(text.find("5413330089020011") == std::string::npos);
        CHECK(text.find("2212201") == std::string::npos);
        CHECK(text.find("CARDHOLDER") == std::string::npos);
        CHECK(text.find("123456789ABCDEF0") == std::string::npos);
        const bool expiry_masked = text.find("14=****") != std::string::npos
                                   || text.find("date, expiration: ****") != std::string::npos;
        CHECK(expiry_masked);
        CHECK(text.find("476173******0119") != std::string::npos);
      }
    }
  }

  TEST_CASE("the PIN block is hidden entirely, only its size shown") {
    const std::string text = describe(card_message(), iso87_ascii());
    CHECK(text.find("52=<masked 8 bytes>") != std::string::npos);
  }

  TEST_CASE("EMV data shows only tags and lengths") {
    const std::string text = describe(card_message(), iso87_ascii());
    CHECK(text.find("55='9F02[6] 82[2]'") != std::string::npos);
    CHECK(text.find("000000001000 82") == std::string::npos);
    CHECK(mask_tlv(as_byte_view(bytes_of("9F0206000000"))) == "<masked 6 bytes, malformed TLV>");
  }

  TEST_CASE("a field the dialect does not define is hidden") {
    message m;
    m.set_mti("0200");
    m.set(150, "secret");
    CHECK(describe(m, iso87_ascii()) == "0200 150=<masked 6 bytes, not in dialect>");
  }

  TEST_CASE("the one-line form quotes values with spaces and escapes control bytes") {
    message m;
    m.set_mti("0800");
    m.set(41, "TERM 001");
    m.set(43, std::string("A\x01Z"));
    m.set(70, "301");
    CHECK(describe(m, iso87_ascii()) == "0800 41='TERM 001' 43=A\\x01Z 70=301");
  }

  TEST_CASE("the multi-line form names each field") {
    const std::string text = describe(switchyard::iso8583::testing::reference_0800(), iso87_ascii(),
                                      describe_style::multi_line);
    CHECK(text
          == "MTI 0800\n"
             "    7 transmission date and time: 0612143015\n"
             "   11 system trace audit number: 000001\n"
             "   70 network management information code: 301");
  }

  TEST_CASE("a mask rule of none shows binary values as hex") {
    field_spec spec;
    spec.type = field_type::b;
    CHECK(masked_value(spec, bytes_of("00AB")) == "00AB");
    spec.mask = mask_rule::tlv;
    CHECK(masked_value(spec, bytes_of("8201FF")) == "82[1]");
    spec.type = field_type::ans;
    CHECK(masked_value(spec, "8201FF") == "82[1]");
    CHECK(masked_value(spec, "not hex") == "<masked 7 bytes>");
  }
}
