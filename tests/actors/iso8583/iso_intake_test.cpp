#include "actors/iso8583/iso_intake.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace switchyard;
namespace iso = switchyard::iso8583;

namespace {

// An acquirer's echo as terminals and host channels send it: fields 7, 11 and 70 only.
iso::message management(std::string_view code, std::string_view mti = "0800") {
  iso::message m;
  m.set_mti(mti);
  m.set(7, "0612103000");
  m.set(11, "000042");
  m.set(70, code);
  return m;
}

iso::message with_mti(std::string_view mti) {
  iso::message m;
  m.set_mti(mti);
  m.set(11, "000001");
  return m;
}

const iso::codec_result decoded_ok{};

} // namespace

TEST_SUITE("iso_intake") {
  TEST_CASE("an acquirer's echo is answered 0810 with 00, echoing fields 7, 11 and 70") {
    auto echo = management("301");
    auto d = take_in(echo, decoded_ok, true);
    REQUIRE(d.action == intake_action::answer);
    CHECK(d.code == "00");
    CHECK(d.sign == sign_event::none);
    auto r = make_intake_response(echo, d);
    CHECK(r.mti() == "0810");
    CHECK(r.get(39) == "00");
    CHECK(r.get(7) == "0612103000");
    CHECK(r.get(11) == "000042");
    CHECK(r.get(70) == "301");
    CHECK_FALSE(r.has(41));
  }

  TEST_CASE("sign-on, sign-off and key change are answered 00 and sign-on and sign-off are told") {
    CHECK(take_in(management("001"), decoded_ok, true).sign == sign_event::sign_on);
    CHECK(take_in(management("002"), decoded_ok, true).sign == sign_event::sign_off);
    for (auto code : {"001", "002", "161"}) {
      auto d = take_in(management(code), decoded_ok, true);
      CHECK(d.action == intake_action::answer);
      CHECK(d.code == "00");
    }
    // A network management advice (0820) is answered 0830.
    auto advice = management("301", "0820");
    auto d = take_in(advice, decoded_ok, true);
    CHECK(make_intake_response(advice, d).mti() == "0830");
  }

  TEST_CASE("network management the gateway does not offer is answered 12, without field 70 30") {
    auto unknown = take_in(management("201"), decoded_ok, true);
    CHECK(unknown.action == intake_action::answer);
    CHECK(unknown.code == "12");
    CHECK(unknown.reason.find("network management code 201") != std::string::npos);
    auto bare = management("301");
    bare.remove(70);
    auto missing = take_in(bare, decoded_ok, true);
    CHECK(missing.code == "30");
    CHECK(missing.reason.find("field 70") != std::string::npos);
  }

  TEST_CASE("a listener that routes network management leaves it to the rules") {
    CHECK(take_in(management("301"), decoded_ok, false).action == intake_action::route);
    CHECK(take_in(management("001"), decoded_ok, false).sign == sign_event::none);
  }

  TEST_CASE("financial requests are routed") {
    for (auto mti : {"0100", "0200", "0201", "0220", "0400", "0420", "0421", "1200", "9200"})
      CHECK(take_in(with_mti(mti), decoded_ok, true).action == intake_action::route);
  }

  TEST_CASE("a response MTI from an acquirer is dropped and the reason says so, not 'ok'") {
    auto d = take_in(with_mti("0210"), decoded_ok, true);
    CHECK(d.action == intake_action::drop);
    CHECK(d.reason.find("MTI 0210 is a response") != std::string::npos);
    CHECK(d.reason.find("ok") == std::string::npos);
  }

  TEST_CASE("a message whose MTI cannot be read is dropped with the decoder's reason") {
    iso::message m;
    auto r = iso::unpack(iso::as_byte_view(std::string{"02X0"}), iso::iso87_ascii(), m);
    REQUIRE_FALSE(r.ok());
    auto d = take_in(m, r, true);
    CHECK(d.action == intake_action::drop);
    CHECK(d.reason.find("no readable MTI") != std::string::npos);
  }

  TEST_CASE("MTIs ISO 8583 reserves are answered 12 (class, function) or 30 (version, origin)") {
    struct row {
      const char* mti;
      const char* code;
      const char* response;
      const char* says;
    };

    const row rows[] = {
      {"0900", "12", "0910", "message class 9"},    {"0000", "12", "0010", "message class 0"},
      {"0260", "12", "0270", "message function 6"}, {"0280", "12", "0290", "message function 8"},
      {"0206", "30", "0216", "message origin 6"},   {"3200", "30", "3210", "version 3"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.mti);
      auto request = with_mti(r.mti);
      auto d = take_in(request, decoded_ok, true);
      REQUIRE(d.action == intake_action::answer);
      CHECK(d.code == r.code);
      CHECK(d.reason.find(r.says) != std::string::npos);
      auto response = make_intake_response(request, d);
      CHECK(response.mti() == r.response);
      CHECK(response.get(39) == r.code);
      CHECK(response.get(11) == "000001");
    }
  }

  TEST_CASE("a request whose fields cannot be read is answered 30 with the decoder's reason") {
    iso::message m;
    std::string body = "02004000000000000000XXbad"; // field 2 with a non-numeric length
    auto r = iso::unpack(iso::as_byte_view(body), iso::iso87_ascii(), m);
    REQUIRE_FALSE(r.ok());
    auto d = take_in(m, r, true);
    CHECK(d.action == intake_action::answer);
    CHECK(d.code == "30");
    CHECK(d.reason.find("format error: field 2") != std::string::npos);
    CHECK(make_intake_response(m, d).mti() == "0210");
  }
}
