// JSON-RPC 2.0 conformance as request/response transcripts: the specification's own
// examples (§7) and the gateway's limits.

#include "protocols/jsonrpc/rpc.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::jsonrpc;

namespace {

const limits defaults{};

// What the gateway would answer for a body it answers entirely itself (errors only).
std::string answer_errors(const request_body& b) {
  if (b.error) {
    std::string out;
    append_error(out, "null", *b.error);
    return out;
  }
  std::string out = b.batch ? "[" : "";
  for (const auto& c : b.calls) {
    if (!c.error)
      continue;
    if (out.size() > 1)
      out += ',';
    append_error(out, c.id, *c.error);
  }
  if (b.batch)
    out += ']';
  return out;
}

} // namespace

TEST_SUITE("jsonrpc codec") {
  TEST_CASE("a call with positional params keeps method, params and id as sent") {
    auto b = parse_request_body(
      R"({"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1})", defaults);
    REQUIRE_FALSE(b.error);
    CHECK_FALSE(b.batch);
    REQUIRE(b.calls.size() == 1);
    CHECK(b.calls[0].method == "subtract");
    CHECK(b.calls[0].params == "[42, 23]");
    CHECK(b.calls[0].id == "1");
    CHECK_FALSE(b.calls[0].is_notification());
  }

  TEST_CASE("every legal id type comes back exactly as sent") {
    for (auto id : {"1", "-7", "1.5e3", R"("abc")", R"("\u00e9\"x")", "null", "0"}) {
      auto body = std::string{R"({"jsonrpc":"2.0","method":"m","id":)"} + id + "}";
      auto b = parse_request_body(body, defaults);
      REQUIRE(b.calls.size() == 1);
      CHECK(b.calls[0].id == id);
      std::string out;
      append_result(out, b.calls[0].id, "true");
      CHECK(out == std::string{R"({"jsonrpc":"2.0","id":)"} + id + R"(,"result":true})");
    }
  }

  TEST_CASE("a notification has no id and is owed no answer") {
    auto b
      = parse_request_body(R"({"jsonrpc": "2.0", "method": "update", "params": [1,2]})", defaults);
    REQUIRE(b.calls.size() == 1);
    CHECK(b.calls[0].is_notification());
  }

  TEST_CASE("invalid JSON is a parse error answered with id null") {
    auto b = parse_request_body(R"({"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz])",
                                defaults);
    REQUIRE(b.error);
    CHECK(b.error->code == -32700);
    CHECK(answer_errors(b).starts_with(
      R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":{"detail":"at byte )"));
  }

  TEST_CASE("a request object that is invalid is answered -32600 with id null") {
    auto b = parse_request_body(R"({"jsonrpc": "2.0", "method": 1, "params": "bar"})", defaults);
    REQUIRE(b.calls.size() == 1);
    REQUIRE(b.calls[0].error);
    CHECK(b.calls[0].error->code == -32600);
    CHECK(b.calls[0].id == "null");
  }

  TEST_CASE("an invalid request keeps a valid id, and a wrong version is refused") {
    auto b = parse_request_body(R"({"jsonrpc":"1.0","method":"m","id":"x"})", defaults);
    REQUIRE(b.calls[0].error);
    CHECK(b.calls[0].id == R"("x")");
    b = parse_request_body(R"({"jsonrpc":"2.0","method":"m","id":[1]})", defaults);
    REQUIRE(b.calls[0].error);
    CHECK(b.calls[0].id == "null");
    b = parse_request_body(R"({"jsonrpc":"2.0","method":"m","params":"bar","id":2})", defaults);
    REQUIRE(b.calls[0].error);
    CHECK(b.calls[0].error->code == -32600);
  }

  TEST_CASE("an invalid JSON batch is one parse error") {
    auto b = parse_request_body(R"([
  {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
  {"jsonrpc": "2.0", "method"
])",
                                defaults);
    REQUIRE(b.error);
    CHECK(b.error->code == -32700);
  }

  TEST_CASE("an empty batch is one invalid request") {
    auto b = parse_request_body("[]", defaults);
    REQUIRE(b.error);
    CHECK(b.error->code == -32600);
    CHECK(
      answer_errors(b)
      == R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request","data":{"detail":"an empty batch"}}})");
  }

  TEST_CASE("entries of a batch that are not objects are each answered in place") {
    auto b = parse_request_body("[1,2,3]", defaults);
    REQUIRE_FALSE(b.error);
    CHECK(b.batch);
    REQUIRE(b.calls.size() == 3);
    for (const auto& c : b.calls) {
      REQUIRE(c.error);
      CHECK(c.error->code == -32600);
      CHECK(c.id == "null");
    }
  }

  TEST_CASE("a mixed batch keeps its order and notifications are owed nothing") {
    auto b = parse_request_body(R"([
        {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
        {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
        {"foo": "boo"},
        {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
        {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
    ])",
                                defaults);
    REQUIRE(b.calls.size() == 6);
    CHECK(b.calls[0].method == "sum");
    CHECK(b.calls[1].is_notification());
    CHECK(b.calls[2].id == R"("2")");
    CHECK(b.calls[3].error);
    CHECK(b.calls[4].params == R"({"name": "myself"})");
    CHECK(b.calls[5].params.empty());
  }

  TEST_CASE("a batch of notifications only is owed no answer at all") {
    auto b = parse_request_body(
      R"([{"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},{"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}])",
      defaults);
    REQUIRE(b.calls.size() == 2);
    CHECK(b.calls[0].is_notification());
    CHECK(b.calls[1].is_notification());
  }

  TEST_CASE("a body over the size limit is refused before it is parsed") {
    limits small;
    small.max_body_bytes = 16;
    auto b = parse_request_body(R"({"jsonrpc":"2.0","method":"eth_blockNumber","id":1})", small);
    REQUIRE(b.error);
    CHECK(b.error->code == error_code::limit_exceeded);
    CHECK(b.error->message == "Request too large");
  }

  TEST_CASE("nesting past the depth limit is a parse error that says so") {
    std::string deep(100, '[');
    deep += std::string(100, ']');
    auto b = parse_request_body(
      std::string{R"({"jsonrpc":"2.0","method":"m","id":1,"params":)"} + deep + "}", defaults);
    REQUIRE(b.error);
    CHECK(b.error->code == -32700);
    CHECK(b.error->data.find("nested deeper than 64") != std::string::npos);
  }

  TEST_CASE("a batch over the batch limit is refused as a whole") {
    limits few;
    few.max_batch = 2;
    auto b = parse_request_body(
      R"([{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"b","id":2},{"jsonrpc":"2.0","method":"c","id":3}])",
      few);
    REQUIRE(b.error);
    CHECK(b.error->code == error_code::limit_exceeded);
  }

  TEST_CASE("escaped member names and methods are read as what they spell") {
    auto b = parse_request_body(R"({"json\u0072pc":"2.0","\u006dethod":"eth_\u0063all","id":1})",
                                defaults);
    REQUIRE(b.calls.size() == 1);
    CHECK_FALSE(b.calls[0].error);
    CHECK(b.calls[0].method == "eth_call");
  }

  TEST_CASE("a provider's answer is read by spans: result, error, id") {
    std::string problem;
    auto ok
      = parse_response(R"({"jsonrpc":"2.0","id":77,"result":{"number":"0x10"}})", 64, problem);
    REQUIRE(ok);
    CHECK(ok->id == "77");
    CHECK(ok->result == R"({"number":"0x10"})");
    auto failed = parse_response(
      R"({"jsonrpc":"2.0","id":"a","error":{"code":-32000,"message":"x"}})", 64, problem);
    REQUIRE(failed);
    CHECK(failed->error == R"({"code":-32000,"message":"x"})");
    CHECK_FALSE(parse_response("<html>502</html>", 64, problem));
    CHECK(problem.starts_with("not JSON"));
    CHECK_FALSE(parse_response(R"({"jsonrpc":"2.0","result":1})", 64, problem));
    CHECK_FALSE(parse_response(R"({"jsonrpc":"2.0","id":1,"result":1,"error":{}})", 64, problem));
    CHECK_FALSE(parse_response(R"({"jsonrpc":"2.0","id":1,"error":"bad"})", 64, problem));
  }

  TEST_CASE("requests upstream are written with the gateway's id and the params as sent") {
    std::string out;
    append_request(out, "17", "eth_getBalance", R"(["0xabc", "latest"])");
    CHECK(out
          == R"({"jsonrpc":"2.0","id":17,"method":"eth_getBalance","params":["0xabc", "latest"]})");
    out.clear();
    append_request(out, "18", "eth_blockNumber", {});
    CHECK(out == R"({"jsonrpc":"2.0","id":18,"method":"eth_blockNumber"})");
    out.clear();
    append_request(out, {}, "eth_hint", "[1]");
    CHECK(out == R"({"jsonrpc":"2.0","method":"eth_hint","params":[1]})");
  }
}
