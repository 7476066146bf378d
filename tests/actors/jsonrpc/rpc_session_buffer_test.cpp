// Memory of quiet JSON-RPC connections over real loopback sockets: a keep-alive connection
// between requests holds no read buffer; one in the middle of a request holds one until the
// request is read whole.

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
}
