// Memory of quiet JSON-RPC connections over real loopback sockets: a keep-alive connection
// between requests holds no read buffer; one in the middle of a request holds one until the
// request is read whole; answers queued behind a slow one hold room only until they are written.

#include "tests/actors/jsonrpc/http_client.hpp"
#include "tests/actors/jsonrpc/rpc_front.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

using namespace switchyard::test;

TEST_SUITE("rpc_session: buffers") {
  TEST_CASE("keep-alive connections between requests hold no read buffer") {
    rpc_front front;
    std::vector<std::unique_ptr<http_client>> clients;
    for (int i = 0; i < 4; ++i) {
      clients.push_back(std::make_unique<http_client>(front.port()));
      for (int call = 0; call < 3; ++call) {
        auto answer = clients.back()->call(echo_call);
        REQUIRE(answer);
        CHECK(answer->body() == echo_answer);
      }
    }
    CHECK(front.counters().active.load() == 4);
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
    // One request at a time queues no answer behind another: no room for that either.
    CHECK(front.counters().queued_answer_bytes.load() == 0);
    // Quiet connections still serve: the next request is read into a buffer taken for it.
    auto again = clients.front()->call(echo_call);
    REQUIRE(again);
    CHECK(again->body() == echo_answer);
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
  }

  TEST_CASE("a request read in part holds a buffer until it is read whole") {
    rpc_front front;
    http_client client{front.port()};
    auto request = post(echo_call);
    auto half = request.size() - 10;
    REQUIRE(client.send(std::string_view{request}.substr(0, half)));
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() > 0; }));
    REQUIRE(client.send(std::string_view{request}.substr(half)));
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->body() == echo_answer);
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
  }

  TEST_CASE("pipelined requests in one write are all answered and leave no buffer") {
    rpc_front front;
    http_client client{front.port()};
    std::string burst;
    for (int i = 0; i < 12; ++i)
      burst += post(R"({"jsonrpc":"2.0","method":"sum","params":[)" + std::to_string(i)
                    + R"(],"id":)" + std::to_string(i) + "}");
    REQUIRE(client.send(burst));
    for (int i = 0; i < 12; ++i) {
      auto answer = client.read();
      REQUIRE(answer);
      CHECK(answer->body()
            == R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"result":[)"
                 + std::to_string(i) + "]}");
    }
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
  }

  TEST_CASE("answers queued behind slow ones come in request order and leave no room held") {
    rpc_front front;
    http_client client{front.port()};
    auto slow = [](int id) {
      return post(R"({"jsonrpc":"2.0","method":"slow","id":)" + std::to_string(id) + "}");
    };
    auto sum = [](int id) {
      return post(R"({"jsonrpc":"2.0","method":"sum","params":[)" + std::to_string(id)
                  + R"(],"id":)" + std::to_string(id) + "}");
    };
    auto answer_to = [](int id, const std::string& result) {
      return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"result":)" + result + "}";
    };
    REQUIRE(client.send(slow(0) + slow(1) + sum(2) + slow(3) + sum(4)));
    auto held = front.held->take_held(3);
    REQUIRE(held.size() == 3);
    // The quick answers are ready but wait behind the slow ones, in room of their own.
    REQUIRE(eventually([&] { return front.echo->methods().size() == 2; }));
    CHECK(eventually([&] { return front.counters().queued_answer_bytes.load() > 0; }));
    held[0]->answer_result("0");
    auto first = client.read();
    REQUIRE(first);
    CHECK(first->body() == answer_to(0, "0"));
    // Answered out of order once the oldest has gone: each answer still finds its request.
    held[2]->answer_result("3");
    held[1]->answer_result("1");
    std::vector<std::string> expected{answer_to(1, "1"), answer_to(2, "[2]"), answer_to(3, "3"),
                                      answer_to(4, "[4]")};
    for (const auto& body : expected) {
      auto answer = client.read();
      REQUIRE(answer);
      CHECK(answer->body() == body);
    }
    // Drained, the connection holds nothing for answers, and the next call still comes back.
    CHECK(eventually([&] { return front.counters().queued_answer_bytes.load() == 0; }));
    auto again = client.call(echo_call);
    REQUIRE(again);
    CHECK(again->body() == echo_answer);
    CHECK(front.counters().queued_answer_bytes.load() == 0);
  }
}
