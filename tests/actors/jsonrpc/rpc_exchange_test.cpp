// A request body's calls as exchanges: what the body's answer is made of, and the rule that
// every call is answered exactly once.

#include "actors/jsonrpc/rpc_exchange.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using switchyard::errc;
using switchyard::make_exchange;
using switchyard::rpc_batch;
using switchyard::rpc_exchange;

namespace {

// What a batch handed to its completion function, and how often.
struct completion {
  std::string body;
  bool empty = false;
  int times = 0;
};

std::shared_ptr<rpc_batch> batch_of(std::string body, completion& out,
                                    switchyard::jsonrpc::limits limits = {}) {
  return std::make_shared<rpc_batch>(std::move(body), limits,
                                     [&out](std::string answer, bool empty) {
                                       out.body = std::move(answer);
                                       out.empty = empty;
                                       ++out.times;
                                     });
}

std::vector<std::shared_ptr<rpc_exchange>> exchanges_of(const std::shared_ptr<rpc_batch>& batch) {
  std::vector<std::shared_ptr<rpc_exchange>> out;
  for (std::size_t i = 0; i < batch->calls().size(); ++i)
    out.push_back(make_exchange<rpc_exchange>(batch, i, "eth"));
  return out;
}

} // namespace

TEST_SUITE("rpc_batch") {
  TEST_CASE("a single call's body is its answer alone, not an array") {
    completion done;
    auto batch = batch_of(R"({"jsonrpc":"2.0","method":"m","params":[1],"id":"x"})", done);
    REQUIRE(batch->calls().size() == 1);
    auto x = exchanges_of(batch);
    CHECK(x[0]->answer_result("42"));
    CHECK(done.times == 1);
    CHECK_FALSE(done.empty);
    CHECK(done.body == R"({"jsonrpc":"2.0","id":"x","result":42})");
  }

  TEST_CASE(
    "a batch is answered once the last call is, in body order whatever the order of answers") {
    completion done;
    auto batch = batch_of(R"([{"jsonrpc":"2.0","method":"a","id":1},)"
                          R"({"jsonrpc":"2.0","method":"b","id":2},)"
                          R"({"jsonrpc":"2.0","method":"c","id":3}])",
                          done);
    auto x = exchanges_of(batch);
    CHECK(x[2]->answer_result("\"c\""));
    CHECK(x[0]->answer_error(R"({"code":-1,"message":"no"})"));
    CHECK(done.times == 0);
    CHECK(x[1]->answer_result("\"b\""));
    CHECK(done.times == 1);
    CHECK(done.body
          == R"([{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"no"}},)"
             R"({"jsonrpc":"2.0","id":2,"result":"b"},)"
             R"({"jsonrpc":"2.0","id":3,"result":"c"}])");
  }

  TEST_CASE("notifications leave no entry, and a batch of only notifications is empty") {
    completion mixed;
    auto batch
      = batch_of(R"([{"jsonrpc":"2.0","method":"n1"},{"jsonrpc":"2.0","method":"a","id":1},)"
                 R"({"jsonrpc":"2.0","method":"n2","params":{}}])",
                 mixed);
    auto x = exchanges_of(batch);
    CHECK(x[0]->is_notification());
    CHECK_FALSE(x[1]->is_notification());
    x[0]->settle_notification();
    // Whatever a provider says to a notification is owed to nobody (JSON-RPC 2.0 §4.1).
    CHECK(x[2]->answer_result("\"ignored\""));
    CHECK(x[1]->answer_result("true"));
    CHECK(mixed.body == R"([{"jsonrpc":"2.0","id":1,"result":true}])");
    CHECK_FALSE(mixed.empty);

    completion only;
    auto silent
      = batch_of(R"([{"jsonrpc":"2.0","method":"n1"},{"jsonrpc":"2.0","method":"n2"}])", only);
    auto y = exchanges_of(silent);
    y[0]->settle_notification();
    y[1]->settle_notification();
    CHECK(only.times == 1);
    CHECK(only.empty);

    completion single;
    auto one = batch_of(R"({"jsonrpc":"2.0","method":"n"})", single);
    exchanges_of(one)[0]->settle_notification();
    CHECK(single.times == 1);
    CHECK(single.empty);
    CHECK(single.body.empty());
  }

  TEST_CASE("a body that is not JSON, or an empty batch, is refused whole with no calls") {
    completion unused;
    auto bad = batch_of(R"({"jsonrpc":"2.0","method":"m", )", unused);
    REQUIRE(bad->error());
    CHECK(bad->error()->code == -32700);
    CHECK(bad->calls().empty());
    auto empty = batch_of("[]", unused);
    REQUIRE(empty->error());
    CHECK(empty->error()->code == -32600);
    CHECK(empty->calls().empty());
    completion limited;
    auto big
      = batch_of(R"([{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"b","id":2}])",
                 limited, {.max_body_bytes = 1024, .max_depth = 8, .max_batch = 1});
    REQUIRE(big->error());
    CHECK(big->error()->code == -32002);
    CHECK(unused.times == 0);
    CHECK(limited.times == 0);
  }

  TEST_CASE("an entry that is no valid request is a call carrying its error, in its place") {
    completion done;
    auto batch = batch_of(
      R"([{"jsonrpc":"2.0","method":"a","id":1},5,{"jsonrpc":"1.0","method":"b","id":"k"}])", done);
    REQUIRE(batch->calls().size() == 3);
    CHECK_FALSE(batch->calls()[0].error);
    REQUIRE(batch->calls()[1].error);
    CHECK(batch->calls()[1].id == "null");
    CHECK_FALSE(batch->calls()[1].is_notification());
    REQUIRE(batch->calls()[2].error);
    CHECK(batch->calls()[2].id == "\"k\"");
  }
}

TEST_SUITE("rpc_exchange") {
  TEST_CASE("an exchange is answered once: later answers and failures are refused") {
    completion done;
    auto batch = batch_of(R"({"jsonrpc":"2.0","method":"m","id":7})", done);
    auto x = exchanges_of(batch)[0];
    CHECK_FALSE(x->is_answered());
    CHECK(x->answer_result("1"));
    CHECK(x->is_answered());
    CHECK_FALSE(x->answer_result("2"));
    CHECK_FALSE(x->answer_error(R"({"code":1,"message":"m"})"));
    CHECK_FALSE(x->fail(errc::upstream_timeout));
    CHECK_FALSE(x->fail(errc::upstream_error, "late"));
    x.reset();
    CHECK(done.times == 1);
    CHECK(done.body == R"({"jsonrpc":"2.0","id":7,"result":1})");
  }

  TEST_CASE("racing answers from many threads: exactly one wins and the body completes once") {
    for (int round = 0; round < 50; ++round) {
      std::atomic<int> completions{0};
      std::string body;
      auto batch = std::make_shared<rpc_batch>(
        R"([{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"b","id":2}])",
        switchyard::jsonrpc::limits{}, [&](std::string answer, bool) {
          body = std::move(answer);
          completions.fetch_add(1);
        });
      auto x = exchanges_of(batch);
      std::atomic<int> wins{0};
      std::vector<std::thread> threads;
      for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
          for (auto& e : x) {
            bool won
              = t % 2 == 0 ? e->answer_result(std::to_string(t)) : e->fail(errc::upstream_timeout);
            if (won)
              wins.fetch_add(1);
          }
        });
      for (auto& t : threads)
        t.join();
      CHECK(wins.load() == 2);
      CHECK(completions.load() == 1);
      CHECK(body.front() == '[');
      CHECK(body.find(R"("id":1)") < body.find(R"("id":2)"));
    }
  }

  TEST_CASE("failing names the outcome, the network, the method and the reason") {
    completion ok;
    auto good = batch_of(R"({"jsonrpc":"2.0","method":"eth_call","id":"q"})", ok);
    auto x = exchanges_of(good)[0];
    CHECK(x->fail(errc::upstream_error, "HTTP 500"));
    CHECK(ok.body
          == R"({"jsonrpc":"2.0","id":"q","error":{"code":-32003,"message":"Upstream error",)"
             R"("data":{"method":"eth_call","network":"eth","reason":"HTTP 500"}}})");
  }

  TEST_CASE("a provider's error object is passed on as sent") {
    completion done;
    auto batch = batch_of(R"({"jsonrpc":"2.0","method":"m","id":1})", done);
    auto x = exchanges_of(batch)[0];
    CHECK(x->answer_error(R"({"code": 3, "message": "execution reverted", "data": "0x08c3"})"));
    CHECK(
      done.body
      == R"({"jsonrpc":"2.0","id":1,"error":{"code": 3, "message": "execution reverted", "data": "0x08c3"}})");
  }

  TEST_CASE("an exchange dropped unanswered answers for itself: upstream unavailable") {
    completion done;
    auto batch
      = batch_of(R"([{"jsonrpc":"2.0","method":"m","id":1},{"jsonrpc":"2.0","method":"n"}])", done);
    auto x = exchanges_of(batch);
    batch.reset();
    x.clear();
    CHECK(done.times == 1);
    CHECK(done.body
          == R"([{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"Upstream unavailable",)"
             R"("data":{"method":"m","network":"eth"}}}])");
  }
}
