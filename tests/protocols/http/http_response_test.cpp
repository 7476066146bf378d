#include "protocols/http/http_response.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::http;

namespace {

// The response with its Date header's value blanked: the date changes every second.
std::string without_date(const std::string& response) {
  auto at = response.find("\r\nDate: ");
  REQUIRE(at != std::string::npos);
  auto end = response.find("\r\n", at + 2);
  return response.substr(0, at + 8) + "*" + response.substr(end);
}

} // namespace

TEST_SUITE("http response") {
  TEST_CASE("a response carries its length, type, connection and extra headers in order") {
    std::string out;
    response_head head;
    head.server = "switchyard";
    head.extra_headers = "X-A: 1\r\n";
    append_response(out, head, "{}");
    CHECK(without_date(out)
          == "HTTP/1.1 200 OK\r\nDate: *\r\nServer: switchyard\r\n"
             "Content-Type: application/json\r\nContent-Length: 2\r\n"
             "X-A: 1\r\nConnection: keep-alive\r\n\r\n{}");
  }

  TEST_CASE("204 has neither body nor length, and closing is announced") {
    std::string out = "previous";
    response_head head;
    head.status = 204;
    head.keep_alive = false;
    append_response(out, head, "ignored");
    CHECK(without_date(out.substr(8))
          == "HTTP/1.1 204 No Content\r\nDate: *\r\nConnection: close\r\n\r\n");
    CHECK(out.starts_with("previous"));
  }

  TEST_CASE("the Date header is an RFC 9110 IMF-fixdate") {
    std::string out;
    append_response(out, {}, "");
    auto at = out.find("\r\nDate: ") + 8;
    auto date = out.substr(at, out.find("\r\n", at) - at);
    REQUIRE(date.size() == 29); // "Sun, 06 Nov 1994 08:49:37 GMT"
    CHECK(date.ends_with(" GMT"));
    CHECK(date[3] == ',');
  }

  TEST_CASE("reason phrases of the statuses the gateway answers") {
    CHECK(reason_phrase(404) == "Not Found");
    CHECK(reason_phrase(413) == "Payload Too Large");
    CHECK(reason_phrase(431) == "Request Header Fields Too Large");
    CHECK(reason_phrase(599) == "Unknown");
  }

  TEST_CASE("JSON content types: any case, parameters and spaces allowed, nothing else") {
    CHECK(is_json_content_type("application/json"));
    CHECK(is_json_content_type(" Application/JSON ;charset=UTF-8"));
    CHECK_FALSE(is_json_content_type("application/jsonx"));
    CHECK_FALSE(is_json_content_type("text/json"));
    CHECK_FALSE(is_json_content_type(""));
  }
}
