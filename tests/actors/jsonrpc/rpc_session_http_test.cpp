// HTTP/1.1 behaviour of the JSON-RPC front over real loopback connections: the status codes
// of requests that are no JSON-RPC call (too large, malformed, wrong method or type) and CORS.

#include "tests/actors/jsonrpc/http_client.hpp"
#include "tests/actors/jsonrpc/rpc_front.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using namespace switchyard::test;

namespace {

// Returns the body the front answers with when it refuses a request for `detail`.
std::string refusal(std::string_view detail) {
  return R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request",)"
         R"("data":{"detail":")"
         + std::string{detail} + "\"}}}";
}

} // namespace

TEST_SUITE("rpc_session: HTTP") {
  TEST_CASE("a body over the limit is answered 413 and the connection closes") {
    rpc_front front;
    http_client client{front.port()};
    client.send(post(std::string(4097, ' ')));
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 413);
    CHECK((*answer)["Connection"] == "close");
    CHECK(answer->body() == refusal("request body over 4096 bytes"));
    CHECK(client.wait_closed());
    CHECK(front.counters().refused.load() == 1);
  }

  TEST_CASE("a body at the limit is read and answered") {
    rpc_front front;
    http_client client{front.port()};
    std::string body{echo_call};
    body += std::string(4096 - body.size(), ' ');
    auto answer = client.call(body);
    REQUIRE(answer);
    CHECK(answer->result_int() == 200);
    CHECK(answer->body() == echo_answer);
  }

  TEST_CASE("headers over 16 KiB are answered 431 and the connection closes") {
    rpc_front front;
    http_client client{front.port()};
    client.send(post(echo_call, "/", "X-Big: " + std::string(17 * 1024, 'a') + "\r\n"));
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 431);
    CHECK(answer->body() == refusal("request headers over 16384 bytes"));
    CHECK(client.wait_closed());
    CHECK(front.echo->batches() == 0);
  }

  TEST_CASE("a wrong Content-Type is answered 415 and the connection stays usable") {
    rpc_front front;
    http_client client{front.port()};
    client.send(post(echo_call, "/", "Content-Type: text/plain\r\n"));
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 415);
    CHECK(answer->body() == refusal("Content-Type must be application/json"));
    client.send(post(echo_call, "/", "Content-Type: Application/JSON; charset=utf-8\r\n"));
    answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 200);
    CHECK(answer->body() == echo_answer);
    CHECK(front.echo->methods().size() == 1);
  }

  TEST_CASE("GET is answered 405 with Allow: POST and the connection stays usable") {
    rpc_front front;
    http_client client{front.port()};
    client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 405);
    CHECK((*answer)["Allow"] == "POST");
    CHECK(answer->body() == refusal("only POST is served"));
    auto next = client.call(echo_call);
    REQUIRE(next);
    CHECK(next->body() == echo_answer);
  }

  TEST_CASE("without CORS origins configured, OPTIONS is 405 and no CORS header is sent") {
    rpc_front front;
    http_client client{front.port()};
    client.send("OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                "Access-Control-Request-Method: POST\r\n\r\n");
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 405);
    CHECK(answer->find("Access-Control-Allow-Origin") == answer->end());
  }

  TEST_CASE("CORS: a preflight is answered 204 and only configured origins are allowed") {
    auto settings = front_settings();
    settings.cors_origins = {"https://app.example"};
    rpc_front front{settings};
    http_client client{front.port()};
    client.send("OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                "Access-Control-Request-Method: POST\r\n"
                "Access-Control-Request-Headers: content-type\r\n\r\n");
    auto preflight = client.read();
    REQUIRE(preflight);
    CHECK(preflight->result_int() == 204);
    CHECK((*preflight)["Access-Control-Allow-Origin"] == "https://app.example");
    CHECK((*preflight)["Vary"] == "Origin");
    CHECK((*preflight)["Access-Control-Allow-Methods"] == "POST, OPTIONS");
    CHECK((*preflight)["Access-Control-Allow-Headers"] == "Content-Type");
    CHECK(preflight->body().empty());

    client.send(post(echo_call, "/", "Origin: https://app.example\r\n"));
    auto allowed = client.read();
    REQUIRE(allowed);
    CHECK(allowed->body() == echo_answer);
    CHECK((*allowed)["Access-Control-Allow-Origin"] == "https://app.example");

    client.send(post(echo_call, "/", "Origin: https://evil.example\r\n"));
    auto other = client.read();
    REQUIRE(other);
    CHECK(other->body() == echo_answer);
    CHECK(other->find("Access-Control-Allow-Origin") == other->end());

    client.send("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    auto put = client.read();
    REQUIRE(put);
    CHECK(put->result_int() == 405);
    CHECK((*put)["Allow"] == "POST, OPTIONS");
    CHECK(client.unread() == 0);
  }

  TEST_CASE("malformed HTTP is answered 400 and the connection closes") {
    rpc_front front;
    http_client client{front.port()};
    client.send("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 400);
    CHECK(answer->body().starts_with(
      R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request","data":{"detail":"malformed HTTP: )"));
    CHECK(client.wait_closed());
  }
}
