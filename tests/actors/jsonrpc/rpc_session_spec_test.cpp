// JSON-RPC 2.0 conformance of the HTTP front, as request/response transcripts over a real
// loopback connection to a real listener (the examples of JSON-RPC 2.0 §7 among them).

#include "tests/actors/jsonrpc/http_client.hpp"
#include "tests/actors/jsonrpc/rpc_front.hpp"

#include <doctest/doctest.h>

#include <string>

using switchyard::test::http_client;
using switchyard::test::rpc_front;

namespace {

// Posts `body` on `client` and returns the answer's body, checking it is a 200 JSON answer.
std::string rpc(http_client& client, std::string_view body, std::string_view target = "/") {
  auto answer = client.call(body, target);
  REQUIRE(answer);
  CHECK(answer->result_int() == 200);
  CHECK((*answer)["Content-Type"] == "application/json");
  return answer->body();
}

// Returns the answer with id null and `error` (JSON text) the whole body gets.
std::string whole_error(std::string_view error) {
  return R"({"jsonrpc":"2.0","id":null,"error":)" + std::string{error} + "}";
}

} // namespace

TEST_SUITE("rpc_session: JSON-RPC 2.0 transcripts") {
  TEST_CASE("a call is answered with its id and the network's result") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, R"({"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1})")
          == R"({"jsonrpc":"2.0","id":1,"result":[42, 23]})");
    CHECK(front.echo->methods() == std::vector<std::string>{"subtract"});
    CHECK(client.unread() == 0);
  }

  TEST_CASE("invalid JSON is a parse error (-32700) with id null, saying where") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, R"({"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz])")
          == whole_error(R"({"code":-32700,"message":"Parse error",)"
                         R"("data":{"detail":"at byte 39: syntax error"}})"));
    CHECK(
      rpc(
        client,
        R"([{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method"])")
      == whole_error(R"({"code":-32700,"message":"Parse error",)"
                     R"("data":{"detail":"at byte 94: syntax error"}})"));
    CHECK(front.echo->batches() == 0);
    CHECK(front.counters().invalid.load() == 2);
  }

  TEST_CASE("a request object that is not valid is -32600, answered with its id when usable") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, R"({"jsonrpc": "2.0", "method": 1, "params": "bar"})")
          == whole_error(R"({"code":-32600,"message":"Invalid Request",)"
                         R"("data":{"detail":"\"method\" must be a string"}})"));
    CHECK(rpc(client, R"({"jsonrpc": "1.0", "method": "sum", "id": "a"})")
          == R"({"jsonrpc":"2.0","id":"a","error":{"code":-32600,"message":"Invalid Request",)"
             R"("data":{"detail":"\"jsonrpc\" must be exactly \"2.0\""}}})");
    CHECK(rpc(client, R"({"jsonrpc": "2.0", "method": "sum", "id": {"a": 1}})")
          == whole_error(R"({"code":-32600,"message":"Invalid Request",)"
                         R"("data":{"detail":"\"id\" must be a string, a number or null"}})"));
    CHECK(rpc(client, R"({"jsonrpc": "2.0", "method": "sum", "params": 3, "id": 4})")
          == R"({"jsonrpc":"2.0","id":4,"error":{"code":-32600,"message":"Invalid Request",)"
             R"("data":{"detail":"\"params\" must be an array or an object"}}})");
    CHECK(front.echo->batches() == 0);
  }

  TEST_CASE("an empty batch is one -32600 error object, not an array") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, "[]")
          == whole_error(
            R"({"code":-32600,"message":"Invalid Request","data":{"detail":"an empty batch"}})"));
    CHECK(rpc(client, " [ \n ] ")
          == whole_error(
            R"({"code":-32600,"message":"Invalid Request","data":{"detail":"an empty batch"}})"));
  }

  TEST_CASE("a batch of entries that are no requests answers each in place with -32600") {
    rpc_front front;
    http_client client{front.port()};
    const std::string each = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,)"
                             R"("message":"Invalid Request",)"
                             R"("data":{"detail":"a request must be a JSON object"}}})";
    CHECK(rpc(client, "[1]") == "[" + each + "]");
    CHECK(rpc(client, "[1,2,3]") == "[" + each + "," + each + "," + each + "]");
  }

  TEST_CASE("a mixed batch is answered in order, with no entry for its notifications") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, R"([
        {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
        {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
        {"foo": "boo"},
        {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
        {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
      ])")
          == R"([{"jsonrpc":"2.0","id":"1","result":[1,2,4]},)"
             R"({"jsonrpc":"2.0","id":"2","result":[42,23]},)"
             R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request",)"
             R"("data":{"detail":"\"jsonrpc\" must be exactly \"2.0\""}}},)"
             R"({"jsonrpc":"2.0","id":"5","error":{"code":-32601,"message":"Method not found",)"
             R"("data":{"method":"foo.get"}}},)"
             R"({"jsonrpc":"2.0","id":"9","result":null}])");
    // The notification still went to its network, in the one batch the network was handed.
    CHECK(front.echo->methods()
          == std::vector<std::string>{"sum", "notify_hello", "subtract", "get_data"});
    CHECK(front.echo->batches() == 1);
  }

  TEST_CASE(
    "a batch of notifications only is answered 204 with no body and the connection goes on") {
    rpc_front front;
    http_client client{front.port()};
    client.send(
      switchyard::test::post(R"([{"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},
                                           {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}])"));
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 204);
    CHECK(answer->body().empty());
    CHECK(answer->find("Content-Length") == answer->end());
    CHECK(front.echo->methods() == std::vector<std::string>{"notify_sum", "notify_hello"});
    CHECK(rpc(client, R"({"jsonrpc":"2.0","method":"echo","id":2})")
          == R"({"jsonrpc":"2.0","id":2,"result":null})");
    CHECK(client.unread() == 0);
  }

  TEST_CASE("notifications are answered at once even when their network never answers") {
    rpc_front front;
    http_client client{front.port()};
    client.send(switchyard::test::post(R"({"jsonrpc":"2.0","method":"slow","params":[1]})"));
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 204);
    // An unroutable notification is owed nothing either.
    client.send(switchyard::test::post(R"({"jsonrpc":"2.0","method":"nowhere"})"));
    answer = client.read();
    REQUIRE(answer);
    CHECK(answer->result_int() == 204);
    CHECK(front.held->take_held(1).size() == 1);
  }

  TEST_CASE("every kind of id comes back byte for byte") {
    rpc_front front{switchyard::test::front_settings(),
                    {.max_body_bytes = 0, .max_depth = 64, .max_batch = 20}};
    http_client client{front.port()};
    const std::vector<std::string> ids = {"0",
                                          "-1",
                                          "12345678901234567890123456789012345678901234567890",
                                          "-0.5",
                                          "1.5",
                                          "-2.5e-3",
                                          "6.02E+23",
                                          "1e400",
                                          R"("")",
                                          R"("a\"b\\c\/d\u00e9\n\ud83d\ude00")",
                                          R"("é 中")",
                                          "null"};
    std::string batch = "[";
    std::string expected = "[";
    for (const auto& id : ids) {
      if (batch.size() > 1) {
        batch += ", ";
        expected += ",";
      }
      batch += R"({"jsonrpc":"2.0","method":"echo","id": )" + id + " }";
      expected += R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":null})";
    }
    batch += "]";
    expected += "]";
    CHECK(rpc(client, batch) == expected);
    for (const auto& id : ids)
      CHECK(rpc(client, R"({"id":)" + id + R"(,"jsonrpc":"2.0","method":"sum","params":[]})")
            == R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":[]})");
  }

  TEST_CASE("params go to the network and results come back byte for byte") {
    rpc_front front;
    http_client client{front.port()};
    const std::string params
      = R"({ "to" : "0xAbC", "n": [1.0e+2, -0.0, 1E-7, 123456789012345678901234567890], )"
        R"("s": "\u0041\t\"q\"", "t": true, "f": false, "z": null, "o": {} })";
    CHECK(rpc(client, R"({"jsonrpc":"2.0","method":"echo","id":1,"params":)" + params + "}")
          == R"({"jsonrpc":"2.0","id":1,"result":)" + params + "}");
  }

  TEST_CASE("a method no rule routes is -32601 naming the method") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, R"({"jsonrpc":"2.0","method":"eth_\"x\"","id":3})")
          == R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found",)"
             R"("data":{"method":"eth_\"x\""}}})");
  }

  TEST_CASE("a method whose network is unavailable is -32000 naming the network") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, R"({"jsonrpc":"2.0","method":"down","id":3})")
          == R"({"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"Upstream unavailable",)"
             R"("data":{"method":"down","network":"down"}}})");
  }

  TEST_CASE("a network's failure is answered in place with its error object") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(
      rpc(client,
          R"([{"jsonrpc":"2.0","method":"fail","id":1},{"jsonrpc":"2.0","method":"echo","id":2}])")
      == R"([{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Upstream timed out",)"
         R"("data":{"method":"fail","network":"failing","reason":"scripted"}}},)"
         R"({"jsonrpc":"2.0","id":2,"result":null}])");
  }

  TEST_CASE("a batch waits for its slowest call, and calls dropped unanswered are -32000") {
    rpc_front front;
    http_client client{front.port()};
    client.send(switchyard::test::post(
      R"([{"jsonrpc":"2.0","method":"slow","id":1},{"jsonrpc":"2.0","method":"slow","id":2},)"
      R"({"jsonrpc":"2.0","method":"echo","id":3}])"));
    auto held = front.held->take_held(2);
    REQUIRE(held.size() == 2);
    CHECK_FALSE(client.read(std::chrono::milliseconds(100)));
    held[1]->answer_result(R"("second")");
    held.clear();
    auto answer = client.read();
    REQUIRE(answer);
    CHECK(
      answer->body()
      == R"([{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"Upstream unavailable",)"
         R"("data":{"method":"slow","network":"held"}}},)"
         R"({"jsonrpc":"2.0","id":2,"result":"second"},{"jsonrpc":"2.0","id":3,"result":null}])");
  }

  TEST_CASE("a network named by the path takes any method, and an unknown path is 404") {
    rpc_front front;
    http_client client{front.port()};
    CHECK(rpc(client, R"({"jsonrpc":"2.0","method":"anything","id":1,"params":[2]})", "/echo?x=1")
          == R"({"jsonrpc":"2.0","id":1,"result":[2]})");
    CHECK(rpc(client, R"({"jsonrpc":"2.0","method":"echo","id":1})", "/down")
          == R"({"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"Upstream unavailable",)"
             R"("data":{"method":"echo","network":"down"}}})");
    for (std::string_view path : {"/nosuch", "/visa"}) {
      auto answer = client.call(R"({"jsonrpc":"2.0","method":"echo","id":1})", path);
      REQUIRE(answer);
      CHECK(answer->result_int() == 404);
      CHECK(answer->body()
            == whole_error(R"({"code":-32601,"message":"No such network","data":{"network":")"
                           + std::string{path.substr(1)} + R"("}})"));
    }
    CHECK(front.echo->methods() == std::vector<std::string>{"anything"});
  }

  TEST_CASE("a body nested too deep is refused as a parse error saying so") {
    rpc_front front;
    http_client client{front.port()};
    std::string params = std::string(70, '[') + std::string(70, ']');
    CHECK(rpc(client, R"({"jsonrpc":"2.0","method":"echo","id":1,"params":)" + params + "}")
          == whole_error(R"({"code":-32700,"message":"Parse error","data":{"detail":)"
                         R"("at byte 112: nested deeper than 64 arrays and objects"}})"));
    CHECK(front.echo->batches() == 0);
  }

  TEST_CASE("a batch over the size limit is one -32002 error, and nothing of it goes out") {
    rpc_front front;
    http_client client{front.port()};
    std::string batch = "[";
    for (int i = 0; i < 9; ++i)
      batch += std::string{i > 0 ? "," : ""} + R"({"jsonrpc":"2.0","method":"echo","id":)"
               + std::to_string(i) + "}";
    batch += "]";
    CHECK(rpc(client, batch)
          == whole_error(R"({"code":-32002,"message":"Batch too large",)"
                         R"x("data":{"detail":"a batch of 9 calls (at most 8)"}})x"));
    CHECK(front.echo->batches() == 0);
  }
}
