#include "tools/sim-iso8583/issuer.hpp"

#include <doctest/doctest.h>

using namespace switchyard::sim;
using switchyard::iso8583::message;

namespace {

message purchase(std::string_view amount) {
  message m;
  m.set_mti("0200");
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, amount);
  m.set(11, "000042");
  m.set(41, "TERM0001");
  m.set(49, "840");
  return m;
}

message network(std::string_view code) {
  message m;
  m.set_mti("0800");
  m.set(7, "0612143015");
  m.set(11, "000007");
  m.set(70, code);
  return m;
}

const issuer_dice lucky{0.99, 0.99, 123456};

} // namespace

TEST_SUITE("sim issuer") {
  TEST_CASE("an amount within the limit is approved with an approval code and the echo fields") {
    message response;
    CHECK(answer(purchase("000000001000"), issuer_rules{}, lucky, response)
          == issuer_outcome::approved);
    CHECK(response.mti() == "0210");
    CHECK(response.get(39) == "00");
    CHECK(response.get(38) == "123456");
    CHECK(response.get(11) == "000042");
    CHECK(response.get(41) == "TERM0001");
    CHECK(response.get(4) == "000000001000");
  }

  TEST_CASE("an amount above decline_above is answered 51 without an approval code") {
    message response;
    issuer_rules rules;
    rules.decline_above = 1000;
    CHECK(answer(purchase("000000001001"), rules, lucky, response) == issuer_outcome::declined);
    CHECK(response.get(39) == "51");
    CHECK_FALSE(response.has(38));
    CHECK(answer(purchase("000000001000"), rules, lucky, response) == issuer_outcome::approved);
  }

  TEST_CASE("the error roll turns approvals into 96 system malfunction") {
    message response;
    issuer_rules rules;
    rules.error_rate = 0.5;
    CHECK(answer(purchase("000000000100"), rules, {0.9, 0.4, 1}, response)
          == issuer_outcome::failed);
    CHECK(response.get(39) == "96");
    CHECK(answer(purchase("000000000100"), rules, {0.9, 0.6, 1}, response)
          == issuer_outcome::approved);
  }

  TEST_CASE("the drop roll leaves a request unanswered") {
    message response;
    issuer_rules rules;
    rules.drop_rate = 0.25;
    CHECK(answer(purchase("000000000100"), rules, {0.2, 0.9, 1}, response)
          == issuer_outcome::dropped);
    CHECK(answer(purchase("000000000100"), rules, {0.3, 0.9, 1}, response)
          == issuer_outcome::approved);
  }

  TEST_CASE("authorization requests and reversals are answered by class") {
    message request = purchase("000000000100");
    message response;
    request.set_mti("0100");
    CHECK(answer(request, issuer_rules{}, lucky, response) == issuer_outcome::approved);
    CHECK(response.mti() == "0110");
    request.set_mti("0400");
    CHECK(answer(request, issuer_rules{}, lucky, response) == issuer_outcome::approved);
    CHECK(response.mti() == "0410");
    CHECK(response.get(39) == "00");
    CHECK_FALSE(response.has(38));
  }

  TEST_CASE("the advice error roll answers reversal advices 96, other reversals stay 00") {
    message request = purchase("000000000100");
    message response;
    issuer_rules rules;
    rules.advice_error_rate = 0.1;
    issuer_dice dice = lucky;
    dice.advice_error = 0.05;
    for (const char* mti : {"0420", "0421"}) {
      CAPTURE(mti);
      request.set_mti(mti);
      CHECK(answer(request, rules, dice, response) == issuer_outcome::failed);
      CHECK(response.mti() == "0430");
      CHECK(response.get(39) == "96");
    }
    request.set_mti("0400");
    CHECK(answer(request, rules, dice, response) == issuer_outcome::approved);
    CHECK(response.get(39) == "00");
    request.set_mti("0200");
    CHECK(answer(request, rules, dice, response) == issuer_outcome::approved);
    request.set_mti("0420");
    dice.advice_error = 0.2;
    CHECK(answer(request, rules, dice, response) == issuer_outcome::approved);
    CHECK(response.get(39) == "00");
    CHECK(answer(request, issuer_rules{}, {0.9, 0.9, 1, 0.0}, response)
          == issuer_outcome::approved);
  }

  TEST_CASE("sign-on sign-off and echo are answered 00 with field 70 echoed") {
    for (const char* code : {"001", "002", "301"}) {
      CAPTURE(code);
      message response;
      CHECK(answer(network(code), issuer_rules{}, lucky, response) == issuer_outcome::approved);
      CHECK(response.mti() == "0810");
      CHECK(response.get(39) == "00");
      CHECK(response.get(70) == code);
    }
  }

  TEST_CASE("an unknown network management code is answered 12") {
    message response;
    CHECK(answer(network("999"), issuer_rules{}, lucky, response) == issuer_outcome::declined);
    CHECK(response.get(39) == "12");
  }

  TEST_CASE("a partially decoded request is answered 30 with what decoded") {
    message partial;
    partial.set_mti("0200");
    partial.set(11, "000009");
    message response;
    CHECK(answer_malformed(partial, response) == issuer_outcome::malformed);
    CHECK(response.mti() == "0210");
    CHECK(response.get(39) == "30");
    CHECK(response.get(11) == "000009");
  }

  TEST_CASE("responses and messages without an MTI are ignored") {
    message response;
    message not_request = purchase("000000000100");
    not_request.set_mti("0210");
    CHECK(answer(not_request, issuer_rules{}, lucky, response) == issuer_outcome::ignored);
    CHECK(answer_malformed(message{}, response) == issuer_outcome::ignored);
  }
}
