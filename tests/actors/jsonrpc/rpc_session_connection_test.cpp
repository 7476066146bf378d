// Connections of the JSON-RPC front over real loopback sockets: pipelining in order, reading
// paused at the in-flight limit, keep-alive and HTTP/1.0, closing when told, read and idle
// timeouts, and the listener's connection limit.

#include "tests/actors/jsonrpc/http_client.hpp"
#include "tests/actors/jsonrpc/rpc_front.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using namespace switchyard::test;

namespace {

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                               - start);
}

} // namespace

TEST_SUITE("rpc_session: connections") {
  TEST_CASE("pipelined requests are answered in order, even when the first is the slowest") {
    rpc_front front;
    http_client client{front.port()};
    client.send(post(R"({"jsonrpc":"2.0","method":"slow","id":"first"})")
                + post(R"({"jsonrpc":"2.0","method":"echo","id":"second"})")
                + "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                + post(R"({"jsonrpc":"2.0","method":"sum","params":[3],"id":"fourth"})"));
    auto held = front.held->take_held(1);
    REQUIRE(held.size() == 1);
    // Everything behind the slow call is ready, yet nothing may overtake it.
    REQUIRE(eventually([&] { return front.echo->methods().size() == 2; }));
    CHECK_FALSE(client.read(150ms));
    held[0]->answer_result(R"("slowest")");
    auto first = client.read();
    auto second = client.read();
    auto third = client.read();
    auto fourth = client.read();
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(third);
    REQUIRE(fourth);
    CHECK(first->body() == R"({"jsonrpc":"2.0","id":"first","result":"slowest"})");
    CHECK(second->body() == R"({"jsonrpc":"2.0","id":"second","result":null})");
    CHECK(third->result_int() == 405);
    CHECK(fourth->body() == R"({"jsonrpc":"2.0","id":"fourth","result":[3]})");
    CHECK(client.unread() == 0);
    CHECK(front.counters().requests.load() == 4);
    CHECK(eventually([&] { return front.counters().responses.load() == 4; }));
  }

  TEST_CASE("past max_in_flight_per_connection unanswered requests, the next is not read") {
    auto settings = front_settings();
    settings.max_in_flight_per_connection = 2;
    rpc_front front{settings};
    http_client client{front.port()};
    client.send(post(R"({"jsonrpc":"2.0","method":"slow","id":1})")
                + post(R"({"jsonrpc":"2.0","method":"slow","id":2})")
                + post(R"({"jsonrpc":"2.0","method":"slow","id":3})"));
    auto first_two = front.held->take_held(2);
    REQUIRE(first_two.size() == 2);
    std::this_thread::sleep_for(150ms);
    CHECK(front.held->methods().size() == 2);
    first_two[0]->answer_result("1");
    auto one = client.read();
    REQUIRE(one);
    CHECK(one->body() == R"({"jsonrpc":"2.0","id":1,"result":1})");
    auto third = front.held->take_held(1);
    REQUIRE(third.size() == 1);
    third[0]->answer_result("3");
    first_two[1]->answer_result("2");
    auto two = client.read();
    auto three = client.read();
    REQUIRE(two);
    REQUIRE(three);
    CHECK(two->body() == R"({"jsonrpc":"2.0","id":2,"result":2})");
    CHECK(three->body() == R"({"jsonrpc":"2.0","id":3,"result":3})");
  }

  TEST_CASE("a client done sending still gets every answer it is owed, then the close") {
    rpc_front front;
    http_client client{front.port()};
    client.send(post(R"({"jsonrpc":"2.0","method":"slow","id":1})") + post(echo_call));
    client.finish_sending();
    auto held = front.held->take_held(1);
    REQUIRE(held.size() == 1);
    held[0]->answer_result("\"late\"");
    auto first = client.read();
    auto second = client.read();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->body() == R"({"jsonrpc":"2.0","id":1,"result":"late"})");
    CHECK(second->body() == echo_answer);
    CHECK(client.wait_closed());
  }

  TEST_CASE("keep-alive: one connection serves request after request") {
    rpc_front front;
    http_client client{front.port()};
    for (int i = 0; i < 5; ++i) {
      auto body = R"({"jsonrpc":"2.0","method":"sum","params":[)" + std::to_string(i) + R"(],"id":)"
                  + std::to_string(i) + "}";
      auto answer = client.call(body);
      REQUIRE(answer);
      CHECK(answer->keep_alive());
      CHECK(answer->body()
            == R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"result":[)"
                 + std::to_string(i) + "]}");
    }
    CHECK(front.counters().accepted.load() == 1);
  }

  TEST_CASE("a request saying Connection: close is answered, then the server closes") {
    rpc_front front;
    http_client client{front.port()};
    client.send(post(echo_call, "/", "Connection: close\r\n"));
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->body() == echo_answer);
    CHECK((*answer)["Connection"] == "close");
    auto start = std::chrono::steady_clock::now();
    CHECK(client.wait_closed(2s));
    CHECK(since(start) < 1s);
  }

  TEST_CASE("HTTP/1.0 without keep-alive is answered, then the server closes") {
    rpc_front front;
    http_client client{front.port()};
    client.send("POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: "
                + std::to_string(echo_call.size()) + "\r\n\r\n" + std::string{echo_call});
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 200);
    CHECK(answer->body() == echo_answer);
    CHECK((*answer)["Connection"] == "close");
    CHECK(client.wait_closed(2s));
  }

  TEST_CASE("HTTP/1.0 with keep-alive keeps the connection and says for how long") {
    rpc_front front;
    http_client client{front.port()};
    auto request = "POST / HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
                   "Content-Length: "
                   + std::to_string(echo_call.size()) + "\r\n\r\n" + std::string{echo_call};
    for (int i = 0; i < 2; ++i) {
      client.send(request);
      auto answer = client.read();
      REQUIRE(answer);
      CHECK(answer->body() == echo_answer);
      CHECK((*answer)["Connection"] == "keep-alive");
      CHECK((*answer)["Keep-Alive"] == "timeout=10");
    }
    CHECK(front.counters().accepted.load() == 1);
  }

  TEST_CASE("a client dribbling its request is closed at the read timeout") {
    auto settings = front_settings();
    settings.read_timeout_ms = 300;
    rpc_front front{settings};
    http_client client{front.port()};
    auto start = std::chrono::steady_clock::now();
    bool sent_all = true;
    // The whole request must come within the read timeout, however steadily it trickles.
    for (std::string_view part : {"POST / HTTP/1.1\r\n", "Host: x\r\n", "Content-Type: app",
                                  "lication/json\r\n", "Content-Length: 40\r\n", "X-A: 1\r\n"}) {
      if (!client.send(part))
        sent_all = false;
      std::this_thread::sleep_for(100ms);
    }
    CHECK(client.wait_closed(2s));
    CHECK(since(start) >= 300ms);
    CHECK(since(start) < 2s);
    CHECK(front.counters().requests.load() == 0);
    INFO("every part sent before the close: " << sent_all);
  }

  TEST_CASE("an idle keep-alive connection is closed at the idle timeout, a busy one is not") {
    auto settings = front_settings();
    settings.idle_timeout_ms = 300;
    rpc_front front{settings};
    http_client busy{front.port()};
    busy.send(post(R"({"jsonrpc":"2.0","method":"slow","id":1})"));
    auto held = front.held->take_held(1);
    http_client idle{front.port()};
    auto answer = idle.call(echo_call);
    REQUIRE(answer);
    auto start = std::chrono::steady_clock::now();
    CHECK(idle.wait_closed(2s));
    CHECK(since(start) >= 250ms);
    CHECK(front.counters().idle_closed.load() == 1);
    // A connection waiting for its answer is not idle.
    std::this_thread::sleep_for(200ms);
    REQUIRE(held.size() == 1);
    held[0]->answer_result("1");
    auto late = busy.read();
    REQUIRE(late);
    CHECK(late->body() == R"({"jsonrpc":"2.0","id":1,"result":1})");
  }

  TEST_CASE("connections over the listener's limit are refused") {
    auto settings = front_settings();
    settings.max_connections = 1;
    rpc_front front{settings};
    http_client first{front.port()};
    REQUIRE(first.call(echo_call));
    http_client second{front.port()};
    CHECK(second.wait_closed());
    CHECK(front.counters().rejected_over_limit.load() == 1);
    auto again = first.call(echo_call);
    REQUIRE(again);
    CHECK(again->body() == echo_answer);
  }
}
