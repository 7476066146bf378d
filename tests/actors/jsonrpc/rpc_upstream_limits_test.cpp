// A JSON-RPC network's upstream over real loopback links to scripted providers: deadlines per
// call and per method, calls waiting for a connection, the waiting limit, stop, and failover
// between hosts.

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

TEST_SUITE("rpc_upstream over loopback: deadlines and limits") {
  TEST_CASE("a provider that never answers: -32001 at the deadline, and the link is replaced") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call&) { return no_answer(); });
    auto n = eth({provider.port()});
    n.timeout_ms = 200;
    upstream_under_test u{io, n};
    auto start = std::chrono::steady_clock::now();
    auto h = u.send(std::string{eth_call});
    u.run_until([&] { return h->times == 1; });
    CHECK(h->at - start >= 200ms);
    CHECK(h->at - start < 1500ms);
    CHECK(h->body
          == gateway_error("5", -32001, "Upstream timed out",
                           where(provider) + " gave no answer in 200 ms"));
    CHECK(u.upstream->numbers().timeouts == 1);
    // Answers behind a lost one cannot come sooner on that connection: it is replaced.
    u.run_until([&] { return u.upstream->numbers().hosts[0].opened == 2; });
    CHECK_FALSE(provider.release(provider_reply::result(provider.received()[0], "\"late\"")));
  }

  TEST_CASE("method_timeouts_ms overrides the network's timeout for its method only") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call&) { return no_answer(); });
    auto n = eth({provider.port()});
    n.pool_size = 2;
    n.timeout_ms = 150;
    n.method_timeouts_ms = {{"eth_getLogs", 1000}};
    upstream_under_test u{io, n, 2};
    auto start = std::chrono::steady_clock::now();
    auto logs = u.send(R"({"jsonrpc":"2.0","method":"eth_getLogs","params":[],"id":1})");
    auto quick = u.send(std::string{eth_call});
    u.run_until([&] { return logs->times == 1 && quick->times == 1; });
    CHECK(quick->at - start >= 150ms);
    CHECK(quick->at - start < 1000ms);
    CHECK(logs->at - start >= 1000ms);
    CHECK(quick->body.find(" gave no answer in 150 ms") != std::string::npos);
    CHECK(logs->body
          == R"({"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Upstream timed out",)"
             R"("data":{"method":"eth_getLogs","network":"eth","reason":")"
               + where(provider) + R"( gave no answer in 1000 ms"}}})");
  }

  TEST_CASE("calls wait for a busy connection and go out in arrival order") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call&) { return no_answer(); });
    upstream_under_test u{io, eth({provider.port()})};
    std::vector<std::shared_ptr<heard>> answers;
    for (int i = 1; i <= 3; ++i)
      answers.push_back(u.send(R"({"jsonrpc":"2.0","method":"m","id":)" + std::to_string(i) + "}"));
    for (std::size_t i = 1; i <= 3; ++i) {
      u.run_until([&] { return provider.received().size() == i; });
      io.run_for(30ms);
      // One connection, no pipelining: the next call goes out only once this one is answered.
      CHECK(provider.received().size() == i);
      CHECK(u.upstream->numbers().in_flight == 4 - i);
      CHECK(provider.release(
        provider_reply::result(provider.received()[i - 1], std::to_string(i * 10))));
      u.run_until([&] { return answers[i - 1]->times == 1; });
      CHECK(answers[i - 1]->body
            == R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"result":)"
                 + std::to_string(i * 10) + "}");
    }
  }

  TEST_CASE("a call waiting for a connection past its deadline is -32001 too") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call&) { return no_answer(); });
    auto n = eth({provider.port()});
    n.timeout_ms = 200;
    n.method_timeouts_ms = {{"eth_getLogs", 5000}};
    upstream_under_test u{io, n};
    auto start = std::chrono::steady_clock::now();
    auto on_the_wire = u.send(R"({"jsonrpc":"2.0","method":"eth_getLogs","params":[],"id":1})");
    auto waiting = u.send(std::string{eth_call});
    u.run_until([&] { return waiting->times == 1; });
    CHECK(waiting->at - start >= 200ms);
    CHECK(waiting->body
          == gateway_error("5", -32001, "Upstream timed out", "no connection was free in time"));
    CHECK(u.upstream->numbers().timeouts == 1);
    // The call on the wire keeps its own deadline and its connection.
    CHECK(on_the_wire->times == 0);
    REQUIRE(provider.received().size() == 1);
    CHECK(provider.release(provider_reply::result(provider.received()[0], "[]")));
    u.run_until([&] { return on_the_wire->times == 1; });
    CHECK(on_the_wire->body == R"({"jsonrpc":"2.0","id":1,"result":[]})");
    CHECK(provider.received().size() == 1);
  }

  TEST_CASE("past the waiting limit calls are refused -32002 at once, and stop answers the rest") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call&) { return no_answer(); });
    auto n = eth({provider.port()});
    n.timeout_ms = 10000;
    upstream_under_test u{io, n};
    // One in flight, then the queue's 10000, then one too many.
    std::vector<std::shared_ptr<heard>> answers;
    for (int i = 0; i < 10002; ++i)
      answers.push_back(u.send(std::string{eth_call}));
    u.run_until([&] { return answers.back()->times == 1; });
    CHECK(answers.back()->body
          == gateway_error("5", -32002, "Limit exceeded", "10000 calls wait for a connection"));
    CHECK(u.upstream->numbers().rejected == 1);
    CHECK(u.upstream->numbers().in_flight == 10001);
    u.upstream->stop();
    u.run_until([&] {
      return std::all_of(answers.begin(), answers.end(), [](auto& h) { return h->times == 1; });
    });
    auto stopped = gateway_error("5", -32000, "Upstream unavailable", "the network stopped");
    CHECK(std::count_if(answers.begin(), answers.end(), [&](auto& h) { return h->body == stopped; })
          == 10001);
    CHECK(u.upstream->numbers().unavailable == 10001);
  }

  TEST_CASE("stop answers what is in flight or waiting, and whatever comes afterwards") {
    net::io_context io;
    fake_provider provider{io};
    provider.script([](const provider_call&) { return no_answer(); });
    upstream_under_test u{io, eth({provider.port()})};
    auto in_flight = u.send(std::string{eth_call});
    auto waiting = u.send(R"({"jsonrpc":"2.0","method":"eth_call","params":[],"id":6})");
    u.run_until([&] { return provider.received().size() == 1; });
    u.upstream->stop();
    u.run_until([&] { return in_flight->times == 1 && waiting->times == 1; });
    CHECK(in_flight->body
          == gateway_error("5", -32000, "Upstream unavailable", "the network stopped"));
    CHECK(waiting->body
          == gateway_error("6", -32000, "Upstream unavailable", "the network stopped"));
    CHECK(u.call(std::string{eth_call})
          == gateway_error("5", -32000, "Upstream unavailable", "the network is stopping"));
    u.run_until([&] { return provider.connections() == 0; });
    CHECK(u.upstream->numbers().links_up == 0);
  }

  TEST_CASE("calls go to the host that is up when another cannot be reached") {
    net::io_context io;
    fake_provider provider{io};
    std::uint16_t dead_port = 0;
    {
      net::ip::tcp::acceptor closed{io, {net::ip::make_address("127.0.0.1"), 0}};
      dead_port = closed.local_endpoint().port();
    }
    upstream_under_test u{io, eth({dead_port, provider.port()})};
    for (int i = 0; i < 6; ++i)
      CHECK(u.call(std::string{eth_call}) == R"({"jsonrpc":"2.0","id":5,"result":[]})");
    CHECK(provider.received().size() == 6);
    auto n = u.upstream->numbers();
    CHECK(n.hosts[0].up == 0);
    CHECK(n.hosts[1].up == 1);
  }

  TEST_CASE("a failing host's breaker opens and the other host takes every later call") {
    net::io_context io;
    fake_provider failing{io};
    fake_provider healthy{io};
    failing.script([](const provider_call&) {
      provider_reply r;
      r.status = 500;
      return r;
    });
    auto n = eth({failing.port(), healthy.port()});
    n.breaker.failure_threshold = 2;
    n.breaker.minimum_requests = 1000;
    upstream_under_test u{io, n, 2};
    int ok = 0;
    int failed = 0;
    for (int i = 0; i < 10; ++i) {
      auto answer = u.call(std::string{eth_call});
      if (answer == R"({"jsonrpc":"2.0","id":5,"result":[]})")
        ++ok;
      else if (answer
               == gateway_error("5", -32003, "Upstream error",
                                where(failing) + " answered HTTP 500"))
        ++failed;
    }
    CHECK(failing.received().size() == 2);
    CHECK(failed == 2);
    CHECK(ok == 8);
    CHECK(u.upstream->numbers().upstream_errors == 2);
  }
}
