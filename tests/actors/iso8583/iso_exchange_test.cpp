#include "actors/iso8583/iso_exchange.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <vector>

namespace iso = switchyard::iso8583;
using switchyard::iso_exchange;
using switchyard::make_code_response;

namespace {

iso::message request(std::string_view mti = "0200") {
  iso::message m;
  m.set_mti(mti);
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(11, "000123");
  m.set(22, "051");
  m.set(41, "TERM0001");
  m.set(49, "978");
  return m;
}

// Collects every response an exchange sends back, and the guards that came with them.
struct reply_log {
  std::vector<iso::message> responses;
  std::vector<std::shared_ptr<switchyard::delivery_guard>> guards;

  iso_exchange::reply_function function() {
    return [this](const iso::message& m, std::shared_ptr<switchyard::delivery_guard> guard) {
      responses.push_back(m);
      guards.push_back(std::move(guard));
    };
  }
};

// Counts the approvals reported as undelivered.
struct undelivered_log final : switchyard::delivery_watcher {
  std::vector<switchyard::iso_exchange_ptr> exchanges;

  void on_undelivered(switchyard::iso_exchange_ptr x) override {
    exchanges.push_back(std::move(x));
  }

  std::vector<std::uint64_t> delivered;

  void on_delivered(std::uint64_t forward_id) override { delivered.push_back(forward_id); }
};

iso::message approval() {
  iso::message m;
  m.set_mti("0210");
  m.set(11, "000123");
  m.set(39, "00");
  return m;
}

} // namespace

TEST_SUITE("iso_exchange") {
  TEST_CASE("answer sends the response once and refuses a second answer") {
    reply_log log;
    iso_exchange x{request(), log.function()};
    CHECK_FALSE(x.is_answered());
    iso::message first;
    first.set_mti("0210");
    first.set(39, "00");
    iso::message second;
    second.set_mti("0210");
    second.set(39, "05");
    CHECK(x.answer(first));
    CHECK(x.is_answered());
    CHECK_FALSE(x.answer(second));
    REQUIRE(log.responses.size() == 1);
    CHECK(log.responses[0] == first);
  }

  TEST_CASE("answer_code is refused once the exchange is answered") {
    reply_log log;
    iso_exchange x{request(), log.function()};
    CHECK(x.answer_code("00"));
    CHECK_FALSE(x.answer_code("91"));
    iso::message other;
    other.set_mti("0210");
    CHECK_FALSE(x.answer(other));
    REQUIRE(log.responses.size() == 1);
    CHECK(log.responses[0].get(39) == "00");
  }

  TEST_CASE("answer_code sends the response MTI with the echo fields and field 39") {
    reply_log log;
    iso_exchange x{request(), log.function()};
    REQUIRE(x.answer_code("05"));
    REQUIRE(log.responses.size() == 1);
    const auto& r = log.responses[0];
    CHECK(r.mti() == "0210");
    CHECK(r.get(39) == "05");
    for (int f : {2, 3, 4, 11, 41, 49})
      CHECK(r.get(f) == x.request().get(f));
    CHECK_FALSE(r.has(22));
    CHECK(r.size() == 7);
  }

  TEST_CASE("a code answer after a switched STAN carries the acquirer's STAN again") {
    reply_log log;
    iso_exchange x{request(), log.function()};
    x.upstream_request().set(11, "900001");
    x.keep_acquirer_stan("000123");
    REQUIRE(x.answer_code("68"));
    REQUIRE(log.responses.size() == 1);
    CHECK(log.responses[0].get(11) == "000123");
    CHECK(log.responses[0].get(39) == "68");
  }

  TEST_CASE("answer_code to a repeat reversal answers without the repeat flag") {
    reply_log log;
    iso_exchange x{request("0421"), log.function()};
    REQUIRE(x.answer_code("00"));
    REQUIRE(log.responses.size() == 1);
    CHECK(log.responses[0].mti() == "0430");
  }

  TEST_CASE("answer_code to a request without an MTI sends field 39 alone") {
    reply_log log;
    iso::message m;
    m.set(11, "000123");
    iso_exchange x{m, log.function()};
    REQUIRE(x.answer_code("30"));
    REQUIRE(log.responses.size() == 1);
    CHECK_FALSE(log.responses[0].has_mti());
    CHECK(log.responses[0].get(39) == "30");
    CHECK(log.responses[0].size() == 1);
  }

  TEST_CASE("make_code_response to a response MTI carries no MTI and no echo fields") {
    auto r = make_code_response(request("0210"), "96");
    CHECK_FALSE(r.has_mti());
    CHECK(r.get(39) == "96");
    CHECK(r.size() == 1);
  }

  TEST_CASE("an exchange dropped unanswered answers 91 itself") {
    reply_log log;
    auto x = switchyard::make_exchange<iso_exchange>(request(), log.function());
    CHECK(log.responses.empty());
    x.reset();
    REQUIRE(log.responses.size() == 1);
    CHECK(log.responses[0].mti() == "0210");
    CHECK(log.responses[0].get(39) == "91");
    CHECK(log.responses[0].get(11) == "000123");
    CHECK(log.responses[0].get(41) == "TERM0001");
  }

  TEST_CASE("an exchange dropped after its answer does not reply again") {
    reply_log log;
    auto x = switchyard::make_exchange<iso_exchange>(request(), log.function());
    REQUIRE(x->answer_code("00"));
    x.reset();
    REQUIRE(log.responses.size() == 1);
    CHECK(log.responses[0].get(39) == "00");
  }

  TEST_CASE("an exchange without a reply function is still answered once") {
    iso_exchange x{request(), iso_exchange::reply_function{}};
    CHECK(x.answer_code("00"));
    CHECK(x.is_answered());
    CHECK_FALSE(x.answer_code("00"));
  }

  TEST_CASE("request returns the acquirer request unchanged") {
    auto m = request();
    iso_exchange x{m, iso_exchange::reply_function{}};
    CHECK(x.request() == m);
    x.answer_code("00");
  }

  TEST_CASE("an approval of a watched sale travels with a guard that reports it undelivered") {
    reply_log log;
    auto watcher = std::make_shared<undelivered_log>();
    auto x = std::make_shared<iso_exchange>(request(), log.function());
    x->watch_delivery(watcher);
    auto response = approval();
    REQUIRE(x->answer(response));
    REQUIRE(log.guards.size() == 1);
    REQUIRE(log.guards[0] != nullptr);
    CHECK(watcher->exchanges.empty());
    log.guards[0]->undelivered();
    REQUIRE(watcher->exchanges.size() == 1);
    CHECK(watcher->exchanges[0] == x);
  }

  TEST_CASE("declines, unwatched exchanges and requests that are not reversible carry no guard") {
    auto watcher = std::make_shared<undelivered_log>();
    {
      reply_log log;
      auto x = std::make_shared<iso_exchange>(request(), log.function());
      x->watch_delivery(watcher);
      auto decline = approval();
      decline.set(39, "51");
      x->answer(decline);
      CHECK(log.guards.at(0) == nullptr);
    }
    {
      reply_log log;
      auto x = std::make_shared<iso_exchange>(request(), log.function());
      auto response = approval();
      x->answer(response);
      CHECK(log.guards.at(0) == nullptr);
    }
    {
      reply_log log;
      auto x = std::make_shared<iso_exchange>(request("0400"), log.function());
      x->watch_delivery(watcher);
      auto response = approval();
      response.set_mti("0410");
      x->answer(response);
      CHECK(log.guards.at(0) == nullptr);
    }
  }

  TEST_CASE("fields the connector changed are restored in every answer") {
    reply_log log;
    iso_exchange x{request(), log.function()};
    x.keep_acquirer_stan("000123");
    x.keep_acquirer_field(90, "0200000123112206000000000000000000000000000");
    x.upstream_request().set(11, "800001");
    auto response = approval();
    response.set(11, "800001");
    response.set(90, "0200800001112206000000000000000000000000000");
    x.answer(response);
    CHECK(log.responses.at(0).get(11) == "000123");
    CHECK(log.responses.at(0).get(90) == "0200000123112206000000000000000000000000000");
  }

  TEST_CASE("an exchange reads whether its acquirer's connection is still open") {
    std::atomic<bool> open{true};
    reply_log log;
    iso_exchange x{request(), log.function(), &open};
    CHECK(x.is_connection_open());
    open = false;
    CHECK_FALSE(x.is_connection_open());
    x.answer_code("91");
  }

  TEST_CASE("approval codes are told apart from declines") {
    for (auto code : {"00", "08", "10", "11", "16"})
      CHECK(switchyard::is_approval(code));
    for (auto code : {"05", "51", "68", "91", "96", ""})
      CHECK_FALSE(switchyard::is_approval(code));
  }

  TEST_CASE("a delivered approval settles the forward record it waited on, and only that") {
    reply_log log;
    auto watcher = std::make_shared<undelivered_log>();
    auto x = std::make_shared<iso_exchange>(request(), log.function());
    x->watch_delivery(watcher, true);
    x->settle_on_delivery(42);
    auto response = approval();
    REQUIRE(x->answer(response));
    REQUIRE(log.guards.at(0) != nullptr);
    CHECK(log.guards[0]->is_urgent());
    log.guards[0]->delivered();
    CHECK(watcher->delivered == std::vector<std::uint64_t>{42});
    CHECK(watcher->exchanges.empty());
  }
}
