// A JSON-RPC network's upstream over real loopback links to scripted providers: ids rewritten
// on the way up and restored on the way back, and every kind of bad answer or lost
// connection turned into the right -320xx error naming the network and the provider.

#include "tests/actors/jsonrpc/rpc_upstream_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace net = boost::asio;
using namespace std::chrono_literals;
using namespace switchyard::test;

namespace {

// Scripts `provider` to answer every call with "bye", each answer closing its connection.
void answer_then_close(fake_provider& provider) {
  provider.script([](const provider_call& c) {
    auto r = provider_reply::result(c, "\"bye\"");
    r.headers = "Connection: close\r\n";
    return r;
  });
}

} // namespace

TEST_SUITE("rpc_upstream over loopback: answers") {
  TEST_CASE("a call goes up under the gateway's id and comes back under the client's") {
    net::io_context io;
    fake_provider provider{io};
    upstream_under_test u{io, eth({provider.port()})};
    CHECK(u.call(R"({"jsonrpc":"2.0","method":"eth_getBalance","params":["0xabc", "latest"],)"
                 R"("id":"client-\"7\""})")
          == R"({"jsonrpc":"2.0","id":"client-\"7\"","result":["0xabc", "latest"]})");
    REQUIRE(provider.received().size() == 1);
    const auto& up = provider.received()[0];
    CHECK(is_gateway_token(up.id));
    CHECK(up.body
          == R"({"jsonrpc":"2.0","id":)" + up.id
               + R"(,"method":"eth_getBalance","params":["0xabc", "latest"]})");
    auto n = u.upstream->numbers();
    CHECK(n.requests == 1);
    CHECK(n.responses == 1);
    CHECK(n.upstream_errors == 0);
  }

  TEST_CASE("clients' ids that collide travel under distinct ids and return to their owners") {
    net::io_context io;
    fake_provider provider{io};
    auto n = eth({provider.port()});
    n.pipeline_depth = 4;
    upstream_under_test u{io, n};
    auto a = u.send(R"([{"jsonrpc":"2.0","method":"m","params":["a"],"id":1},)"
                    R"({"jsonrpc":"2.0","method":"m","params":["b"],"id":1},)"
                    R"({"jsonrpc":"2.0","method":"m","params":["c"],"id":null}])");
    auto b = u.send(R"({"jsonrpc":"2.0","method":"m","params":["d"],"id":1})");
    u.run_until([&] { return a->times == 1 && b->times == 1; });
    CHECK(a->body
          == R"([{"jsonrpc":"2.0","id":1,"result":["a"]},{"jsonrpc":"2.0","id":1,"result":["b"]},)"
             R"({"jsonrpc":"2.0","id":null,"result":["c"]}])");
    CHECK(b->body == R"({"jsonrpc":"2.0","id":1,"result":["d"]})");
    REQUIRE(provider.received().size() == 4);
    std::vector<std::string> ids;
    for (const auto& c : provider.received()) {
      CHECK(is_gateway_token(c.id));
      ids.push_back(c.id);
    }
    std::sort(ids.begin(), ids.end());
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  }

  TEST_CASE("a provider's error object reaches the client as sent, under the client's id") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call& c) {
      provider_reply r;
      r.body = R"({"jsonrpc":"2.0","id":)" + c.id
               + R"(,"error":{"code": 3, "message": "execution reverted", "data": "0x08c3"}})";
      return r;
    });
    upstream_under_test u{io, eth({provider.port()})};
    CHECK(
      u.call(std::string{eth_call})
      == R"({"jsonrpc":"2.0","id":5,"error":{"code": 3, "message": "execution reverted", "data": "0x08c3"}})");
    CHECK(u.upstream->numbers().upstream_errors == 0);
  }

  TEST_CASE("a notification goes up without an id, and nothing comes back for it") {
    net::io_context io;
    fake_provider provider{io};
    upstream_under_test u{io, eth({provider.port()})};
    auto h = u.send(R"({"jsonrpc":"2.0","method":"eth_subscribe_hint","params":[1]})");
    CHECK(h->times == 1);
    CHECK(h->empty);
    u.run_until([&] { return u.upstream->numbers().responses == 1; });
    REQUIRE(provider.received().size() == 1);
    CHECK(provider.received()[0].body
          == R"({"jsonrpc":"2.0","method":"eth_subscribe_hint","params":[1]})");
    CHECK(provider.received()[0].method == "eth_subscribe_hint");
    CHECK(u.upstream->numbers().upstream_errors == 0);
  }

  TEST_CASE("an unusable answer is -32003 naming the network and the provider's fault") {
    net::io_context io;
    fake_provider provider{io};
    provider_reply reply;
    std::string reason;
    SUBCASE("HTTP 429 with Retry-After") {
      reply.status = 429;
      reply.headers = "Retry-After: 2\r\n";
      reply.body = R"({"error":"slow down"})";
      reason = " answered HTTP 429 (Retry-After: 2)";
    }
    SUBCASE("HTTP 500, even with a body that looks like an answer") {
      reply.status = 500;
      reply.body = R"({"jsonrpc":"2.0","id":1,"result":"0xbad"})";
      reason = " answered HTTP 500";
    }
    SUBCASE("a body that is not JSON") {
      reply.body = "<html>oops</html>";
      reason = " answered an invalid JSON-RPC answer (not JSON: at byte 0: syntax error)";
    }
    SUBCASE("JSON that is no JSON-RPC response") {
      reply.body = R"({"id":1,"result":2})";
      reason
        = R"( answered an invalid JSON-RPC answer (a response without \"jsonrpc\":\"2.0\" or without an id))";
    }
    SUBCASE("a valid answer for another call") {
      reply.body = R"({"jsonrpc":"2.0","id":999999,"result":"0x1"})";
      reason = " answered an answer for another call (id 999999)";
    }
    provider.script([&](const provider_call&) { return reply; });
    upstream_under_test u{io, eth({provider.port()})};
    CHECK(u.call(std::string{eth_call})
          == gateway_error("5", -32003, "Upstream error", where(provider) + reason));
    auto n = u.upstream->numbers();
    CHECK(n.upstream_errors == 1);
    CHECK(n.responses == 1);
    // The connection itself is fine: the next call goes out on it and succeeds.
    provider.script([](const provider_call& c) { return provider_reply::result(c, "\"ok\""); });
    CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":"ok"})");
    CHECK(u.upstream->numbers().hosts[0].opened == 1);
  }

  TEST_CASE("an answer that is not HTTP drops the link: -32000, and the link comes back") {
    net::io_context io;
    fake_provider provider{io};
    provider_reply garbage;
    garbage.what = provider_reply::kind::raw;
    garbage.body = "SSH-2.0-OpenSSH\r\n\r\n";
    provider.script([&](const provider_call&) { return garbage; });
    upstream_under_test u{io, eth({provider.port()})};
    auto answer = u.call(std::string{eth_call});
    CHECK(answer.starts_with(
      R"({"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"Upstream unavailable","data":{"method":"eth_call","network":"eth","reason":")"
      + where(provider) + ": read failed: "));
    CHECK(u.upstream->numbers().unavailable == 1);
    provider.script([](const provider_call& c) { return provider_reply::result(c, "1"); });
    u.run_until([&] { return u.upstream->numbers().links_up == 1; });
    CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":1})");
  }

  TEST_CASE("a provider that closes the connection mid-call: -32000 naming it, then reconnect") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call&) {
      provider_reply r;
      r.what = provider_reply::kind::close;
      return r;
    });
    upstream_under_test u{io, eth({provider.port()})};
    CHECK(u.call(std::string{eth_call})
          == gateway_error("5", -32000, "Upstream unavailable",
                           where(provider) + ": read failed: end of stream"));
    CHECK(u.upstream->numbers().unavailable == 1);
    provider.script([](const provider_call& c) { return provider_reply::result(c, "2"); });
    u.run_until([&] { return u.upstream->numbers().links_up == 1; });
    CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":2})");
    CHECK(u.upstream->numbers().hosts[0].opened == 2);
  }

  TEST_CASE("a provider closing after its answer (Connection: close): answered, then reconnected") {
    net::io_context io;
    fake_provider provider{io};
    answer_then_close(provider);
    upstream_under_test u{io, eth({provider.port()})};
    CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":"bye"})");
    u.run_until([&] { return u.upstream->numbers().hosts[0].opened == 2; });
    u.run_until([&] { return u.upstream->numbers().links_up == 1; });
    CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":"bye"})");
    CHECK(u.upstream->numbers().unavailable == 0);
    CHECK(u.upstream->numbers().upstream_errors == 0);
  }

  TEST_CASE("a call made while a closed connection reconnects waits for it, not -32000") {
    net::io_context io;
    fake_provider provider{io};
    answer_then_close(provider);
    upstream_under_test u{io, eth({provider.port()})};
    // The only connection closes right after this answer, in the same read.
    CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":"bye"})");
    CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":"bye"})");
    CHECK(u.upstream->numbers().unavailable == 0);
    CHECK(u.upstream->numbers().hosts[0].opened >= 2);
  }
}
