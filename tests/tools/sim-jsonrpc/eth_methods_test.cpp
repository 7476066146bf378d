#include "tools/sim-jsonrpc/eth_methods.hpp"

#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

using namespace switchyard::rpc_sim;
namespace json = boost::json;

namespace {

constexpr std::string_view address = "0x00000000219ab540356cBB839Cbe05303d7705Fa";
constexpr std::uint64_t head = 0x1000005;

struct fixture {
  chain blocks{1, 0x1000000, std::chrono::milliseconds{1000}, chain::clock::time_point{}, 0};
  std::mt19937_64 rng{3};
  subscriptions subs;

  method_result call(std::string_view name, std::string_view params, bool websocket = false) {
    const method_env env{blocks, head, "sim-jsonrpc/test", websocket ? &subs : nullptr, &rng};
    return call_method(find_method(name), json::parse(params), env);
  }

  std::string text(std::string_view name, std::string_view params) {
    const auto r = call(name, params);
    REQUIRE_MESSAGE(r.code == 0, r.message);
    return std::string(r.result.as_string());
  }
};

std::string with_address(std::string_view format, std::string_view a = address) {
  std::string out(format);
  out.replace(out.find("ADDR"), 4, a);
  return out;
}

} // namespace

TEST_SUITE("sim-jsonrpc eth methods") {
  TEST_CASE("names map to methods and back") {
    CHECK(find_method("eth_getLogs") == method_id::eth_getLogs);
    CHECK(find_method("eth_mine") == method_id::unknown);
    CHECK(find_method("other") == method_id::unknown);
    for (std::size_t i = 0; i + 1 < method_count; ++i)
      CHECK(find_method(to_string(static_cast<method_id>(i))) == static_cast<method_id>(i));
  }

  TEST_CASE_FIXTURE(fixture, "chain id, network version, client version and block number") {
    CHECK(text("eth_chainId", "[]") == "0x1");
    CHECK(text("net_version", "null") == "1");
    CHECK(text("web3_clientVersion", "[]") == "sim-jsonrpc/test");
    CHECK(text("eth_blockNumber", "[]") == "0x1000005");
    CHECK(call("eth_chainId", "[1]").code == invalid_params);
  }

  TEST_CASE_FIXTURE(fixture, "balances are quantities derived from the address in any case") {
    const auto a = text("eth_getBalance", with_address(R"(["ADDR","latest"])"));
    CHECK(parse_quantity(a));
    CHECK(a == text("eth_getBalance", with_address(R"(["ADDR"])", to_lower(address))));
    CHECK(a == text("eth_getBalance", with_address(R"(["ADDR","0x10"])")));
    CHECK(a
          != text("eth_getBalance",
                  with_address(R"(["ADDR"])", "0x00000000219ab540356cbb839cbe05303d7705fb")));
  }

  TEST_CASE_FIXTURE(fixture, "malformed balance parameters are -32602") {
    for (const char* params : {R"([])", R"(["0x1234","latest"])", R"([5])", R"({"a":1})",
                               R"(["0x00000000219ab540356cBB839Cbe05303d7705Fa","soon"])",
                               R"(["0x00000000219ab540356cBB839Cbe05303d7705Fa","latest",1])"}) {
      CAPTURE(params);
      CHECK(call("eth_getBalance", params).code == invalid_params);
    }
  }

  TEST_CASE_FIXTURE(fixture, "eth_call answers 32 bytes derived from to and data") {
    const auto a
      = text("eth_call", with_address(R"([{"to":"ADDR","data":"0x70a08231"},"latest"])"));
    CHECK(a.size() == 66);
    CHECK(a == text("eth_call", with_address(R"([{"to":"ADDR","input":"0x70a08231"}])")));
    CHECK(a != text("eth_call", with_address(R"([{"to":"ADDR","data":"0x70a08232"}])")));
    CHECK(call("eth_call", R"([{"data":"0x"}])").code == invalid_params);
    CHECK(call("eth_call", with_address(R"([{"to":"ADDR","data":"0x1"}])")).code == invalid_params);
    CHECK(call("eth_call", R"(["0x"])").code == invalid_params);
  }

  TEST_CASE_FIXTURE(fixture, "eth_getLogs answers 0 to 3 logs, the same for the same filter") {
    std::size_t seen_sizes = 0;
    for (int i = 0; i < 40; ++i) {
      const auto filter = R"([{"fromBlock":")" + to_quantity(100 + i) + R"(","address":")"
                          + std::string(address) + R"("}])";
      const auto r = call("eth_getLogs", filter);
      REQUIRE(r.code == 0);
      const auto& logs = r.result.as_array();
      CHECK(logs.size() <= 3);
      seen_sizes |= 1U << logs.size();
      CHECK(r.result == call("eth_getLogs", filter).result);
      for (const auto& log : logs) {
        CHECK(log.at("address").as_string() == to_lower(address));
        CHECK(log.at("blockNumber").as_string() == to_quantity(100 + i));
        CHECK(log.at("topics").as_array().size() == 2);
        CHECK(log.at("removed") == false);
      }
    }
    CHECK(seen_sizes == 0b1111);
  }

  TEST_CASE_FIXTURE(fixture, "malformed log filters are -32602") {
    for (const char* params :
         {R"([])", R"([1])", R"([{"fromBlock":"yesterday"}])", R"([{"address":"0x12"}])",
          R"([{"address":["0x12"]}])", R"([{"topics":"0x12"}])", R"([{"topics":["0x12"]}])",
          R"([{"blockHash":"0x12"}])"}) {
      CAPTURE(params);
      CHECK(call("eth_getLogs", params).code == invalid_params);
    }
    CHECK(call("eth_getLogs", R"([{"topics":[null,[]],"toBlock":"latest"}])").code == 0);
  }

  TEST_CASE_FIXTURE(fixture, "raw transactions get a 32-byte hash derived from their bytes") {
    const auto a = text("eth_sendRawTransaction", R"(["0xf86c0a8502540be400"])");
    CHECK(a.size() == 66);
    CHECK(a == text("eth_sendRawTransaction", R"(["0xF86C0A8502540BE400"])"));
    CHECK(a != text("eth_sendRawTransaction", R"(["0xf86c0a8502540be401"])"));
    for (const char* params : {R"([])", R"(["0x"])", R"(["0xabc"])", R"(["f86c"])", R"([1])"})
      CHECK(call("eth_sendRawTransaction", params).code == invalid_params);
  }

  TEST_CASE_FIXTURE(fixture, "blocks by number, tag, earliest, and null beyond the head") {
    const auto latest = call("eth_getBlockByNumber", R"(["latest",false])");
    REQUIRE(latest.code == 0);
    CHECK(latest.result.at("number") == "0x1000005");
    CHECK(latest.result.at("hash").as_string() == blocks.hash_of(head));
    CHECK(call("eth_getBlockByNumber", R"(["earliest"])").result.at("number") == "0x0");
    CHECK(call("eth_getBlockByNumber", R"(["0x10",true])").result == blocks.block(16, true));
    CHECK(call("eth_getBlockByNumber", R"(["0x1000006",false])").result.is_null());
    CHECK(call("eth_getBlockByNumber", R"(["latest","yes"])").code == invalid_params);
    CHECK(call("eth_getBlockByNumber", R"([])").code == invalid_params);
    CHECK(call("eth_getBlockByNumber", R"([{"blockNumber":"0x1"}])").code == invalid_params);
  }

  TEST_CASE_FIXTURE(fixture, "subscriptions need a WebSocket and only newHeads is offered") {
    CHECK(call("eth_subscribe", R"(["newHeads"])").code == method_not_found);
    CHECK(call("eth_unsubscribe", R"(["0x1"])").code == method_not_found);
    CHECK(call("eth_subscribe", R"(["logs"])", true).code == invalid_params);
    CHECK(call("eth_subscribe", R"([])", true).code == invalid_params);
    const auto sub = call("eth_subscribe", R"(["newHeads"])", true);
    REQUIRE(sub.code == 0);
    const std::string id(sub.result.as_string());
    CHECK(id.size() == 34);
    CHECK(subs.ids() == std::vector<std::string>{id});
    CHECK(call("eth_unsubscribe", R"([")" + id + R"("])", true).result == true);
    CHECK(call("eth_unsubscribe", R"([")" + id + R"("])", true).result == false);
    CHECK(subs.empty());
    CHECK(call("eth_unsubscribe", R"([1])", true).code == invalid_params);
  }

  TEST_CASE_FIXTURE(fixture, "a connection holds a bounded number of subscriptions") {
    for (std::size_t i = 0; i < subscriptions::max_size; ++i)
      REQUIRE(call("eth_subscribe", R"(["newHeads"])", true).code == 0);
    CHECK(call("eth_subscribe", R"(["newHeads"])", true).code == server_error);
  }
}
