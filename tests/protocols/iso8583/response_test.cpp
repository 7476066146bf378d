#include "protocols/iso8583/response.hpp"

#include "protocols/iso8583/errc.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <string>

using namespace switchyard::iso8583;

TEST_SUITE("iso8583 responses") {
  TEST_CASE("the response MTI raises the function digit and drops the repeat flag") {
    const std::pair<const char*, const char*> table[] = {
      {"0100", "0110"}, {"0200", "0210"}, {"0220", "0230"}, {"0400", "0410"}, {"0420", "0430"},
      {"0800", "0810"}, {"0201", "0210"}, {"0421", "0430"}, {"0803", "0812"}, {"1200", "1210"},
    };
    for (const auto& row : table) {
      const char* request = row.first;
      const char* response = row.second;
      CAPTURE(request);
      CHECK(response_mti(request) == std::string(response));
      CHECK(is_request_mti(request));
    }
  }

  TEST_CASE("responses and malformed MTIs have no response MTI") {
    for (const char* mti : {"0210", "0110", "0810", "0430", "020", "02A0", ""}) {
      CAPTURE(mti);
      CHECK_FALSE(response_mti(mti));
    }
  }

  TEST_CASE("make_response copies the default echo fields and nothing else") {
    message request = switchyard::iso8583::testing::authorization_0200();
    request.set(39, "99");
    const auto response = make_response(request);
    REQUIRE(response);
    CHECK(response->mti() == "0210");
    for (int f : {2, 3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49}) {
      CAPTURE(f);
      CHECK(response->get(f) == request.get(f));
    }
    for (int f : {14, 22, 35, 39, 52, 55})
      CHECK_FALSE(response->has(f));
  }

  TEST_CASE("the echo list is configurable") {
    const message request = switchyard::iso8583::testing::reference_0800();
    message response;
    CHECK(!make_response(request, response, response_settings{{11, 70, 99}}));
    CHECK(response.mti() == "0810");
    CHECK(response.get(11) == "000001");
    CHECK(response.get(70) == "301");
    CHECK_FALSE(response.has(7));
    CHECK(response.size() == 2);
  }

  TEST_CASE("make_response refuses responses and messages without an MTI") {
    message m;
    message response;
    CHECK(make_response(m, response) == iso8583_errc::missing_mti);
    m.set_mti("0210");
    CHECK(make_response(m, response) == iso8583_errc::not_a_request);
    CHECK_FALSE(make_response(m));
  }
}
