#include "tools/sim-jsonrpc/rpc_handler.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

using namespace switchyard::rpc_sim;
namespace json = boost::json;

namespace {

struct fixture {
  chain blocks{1, 0x1000000, std::chrono::milliseconds{1000}, chain::clock::time_point{}, 0};
  provider_stats stats;
  std::mt19937_64 rng{1};
  fault_rates rates;
  subscriptions* subs = nullptr;

  std::string answer(std::string_view body) {
    const rpc_handler handler{blocks, rates, "sim-jsonrpc/test", stats};
    return handler.answer(body, call_scope{0x1000005, subs, &rng});
  }

  json::value answer_json(std::string_view body) {
    const auto text = answer(body);
    REQUIRE_FALSE(text.empty());
    return json::parse(text);
  }
};

int error_code_of(const json::value& response) {
  return static_cast<int>(response.at("error").at("code").as_int64());
}

} // namespace

TEST_SUITE("sim-jsonrpc rpc handler") {
  TEST_CASE_FIXTURE(fixture, "a request is answered with its id, whatever its type") {
    CHECK(answer(R"({"jsonrpc":"2.0","id":7,"method":"eth_chainId"})")
          == R"({"jsonrpc":"2.0","id":7,"result":"0x1"})");
    CHECK(answer(R"({"jsonrpc":"2.0","id":"abc","method":"eth_blockNumber"})")
          == R"({"jsonrpc":"2.0","id":"abc","result":"0x1000005"})");
    CHECK(answer(R"({"jsonrpc":"2.0","id":null,"method":"net_version"})")
          == R"({"jsonrpc":"2.0","id":null,"result":"1"})");
    CHECK(answer(R"({"jsonrpc":"2.0","id":-3,"method":"web3_clientVersion","params":[]})")
          == R"({"jsonrpc":"2.0","id":-3,"result":"sim-jsonrpc/test"})");
    CHECK(answer(R"({"jsonrpc":"2.0","id":18446744073709551615,"method":"eth_chainId"})")
          == R"({"jsonrpc":"2.0","id":18446744073709551615,"result":"0x1"})");
    CHECK(answer(R"({"id":2.5,"method":"eth_chainId","jsonrpc":"2.0"})")
          == R"({"jsonrpc":"2.0","id":2.5,"result":"0x1"})");
  }

  TEST_CASE_FIXTURE(fixture, "a notification is not answered") {
    CHECK(answer(R"({"jsonrpc":"2.0","method":"eth_chainId"})").empty());
    CHECK(answer(R"({"jsonrpc":"2.0","method":"no_such_method"})").empty());
    CHECK(stats.notifications == 2);
  }

  TEST_CASE_FIXTURE(fixture, "a batch answers every request but no notification, in order") {
    const auto r = answer_json(R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
                                   {"jsonrpc":"2.0","method":"eth_chainId"},
                                   {"jsonrpc":"2.0","id":"two","method":"nope"}])");
    REQUIRE(r.is_array());
    REQUIRE(r.as_array().size() == 2);
    CHECK(r.as_array()[0].at("id") == 1);
    CHECK(r.as_array()[0].at("result") == "0x1");
    CHECK(r.as_array()[1].at("id") == "two");
    CHECK(error_code_of(r.as_array()[1]) == -32601);
  }

  TEST_CASE_FIXTURE(fixture, "a batch of notifications only is not answered at all") {
    CHECK(answer(R"([{"jsonrpc":"2.0","method":"eth_chainId"},
                     {"jsonrpc":"2.0","method":"eth_blockNumber"}])")
            .empty());
  }

  TEST_CASE_FIXTURE(fixture, "an empty batch is one Invalid Request, not an array") {
    const auto r = answer_json("[]");
    REQUIRE(r.is_object());
    CHECK(error_code_of(r) == -32600);
    CHECK(r.at("id").is_null());
  }

  TEST_CASE_FIXTURE(fixture, "invalid JSON is a parse error with a null id") {
    for (const char* body : {"", "{", R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId")",
                             R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},)", "nul",
                             R"({"jsonrpc":"2.0"} trailing)"}) {
      CAPTURE(body);
      const auto r = answer_json(body);
      REQUIRE(r.is_object());
      CHECK(error_code_of(r) == -32700);
      CHECK(r.at("id").is_null());
      CHECK(r.at("jsonrpc") == "2.0");
    }
  }

  TEST_CASE_FIXTURE(fixture, "what is not a request object is an Invalid Request") {
    const auto r = answer_json("[1,\"x\",null]");
    REQUIRE(r.as_array().size() == 3);
    for (const auto& e : r.as_array()) {
      CHECK(error_code_of(e) == -32600);
      CHECK(e.at("id").is_null());
    }
    CHECK(error_code_of(answer_json("42")) == -32600);
  }

  TEST_CASE_FIXTURE(fixture,
                    "requests breaking JSON-RPC 2.0 §4 are Invalid Requests, with their id "
                    "when it is valid") {
    const auto wrong_version = answer_json(R"({"jsonrpc":"1.0","id":1,"method":"eth_chainId"})");
    CHECK(error_code_of(wrong_version) == -32600);
    CHECK(wrong_version.at("id") == 1);
    CHECK(error_code_of(answer_json(R"({"id":1,"method":"eth_chainId"})")) == -32600);
    CHECK(error_code_of(answer_json(R"({"jsonrpc":"2.0","id":1,"method":5})")) == -32600);
    CHECK(error_code_of(answer_json(R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId",
                                        "params":"x"})"))
          == -32600);
    const auto bad_id = answer_json(R"({"jsonrpc":"2.0","id":{},"method":"eth_chainId"})");
    CHECK(error_code_of(bad_id) == -32600);
    CHECK(bad_id.at("id").is_null());
    // §5 example: a request without an id that is not valid is still answered.
    CHECK(error_code_of(answer_json(R"({"jsonrpc":"2.0","method":1,"params":"bar"})")) == -32600);
    CHECK(stats.invalid == 6);
  }

  TEST_CASE_FIXTURE(fixture, "unknown methods are -32601 and bad parameters -32602") {
    CHECK(error_code_of(answer_json(R"({"jsonrpc":"2.0","id":1,"method":"eth_mine"})")) == -32601);
    CHECK(error_code_of(answer_json(R"({"jsonrpc":"2.0","id":1,"method":"eth_getBalance",
                                        "params":["0x12"]})"))
          == -32602);
    CHECK(stats.by_method[static_cast<std::size_t>(method_id::unknown)] == 1);
    CHECK(stats.by_method[static_cast<std::size_t>(method_id::eth_getBalance)] == 1);
    CHECK(stats.calls == 2);
  }

  TEST_CASE_FIXTURE(fixture, "at an error rate of 1 every call is a simulated failure") {
    rates.error = 1;
    const auto r = answer_json(R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
                                   {"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"}])");
    for (const auto& e : r.as_array()) {
      CHECK(error_code_of(e) == -32000);
      CHECK(e.at("error").at("message") == "simulated failure");
    }
    CHECK(stats.errors == 2);
  }

  TEST_CASE_FIXTURE(fixture, "the error rate fails about its share of the calls") {
    rates.error = 0.3;
    int failed = 0;
    for (int i = 0; i < 2000; ++i)
      failed += answer_json(R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})")
                  .as_object()
                  .contains("error");
    CHECK(failed / 2000.0 == doctest::Approx(0.3).epsilon(0.15));
  }

  TEST_CASE_FIXTURE(fixture, "error messages are escaped JSON strings") {
    subscriptions websocket;
    subs = &websocket;
    const auto r = answer_json(R"({"jsonrpc":"2.0","id":1,"method":"eth_subscribe",
                                   "params":["a\"b"]})");
    CHECK(error_code_of(r) == -32602);
    CHECK(r.at("error").at("message") == "unsupported subscription kind 'a\"b' (only newHeads)");
  }
}
