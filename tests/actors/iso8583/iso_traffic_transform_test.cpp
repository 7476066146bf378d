// A network's transformations on the connector's path: what goes upstream, what the acquirer
// gets back, and what the gateway itself sends in the network's name (reversals).

#include "actors/iso8583/iso_traffic.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/actors/iso8583/iso_traffic_test_support.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>

namespace iso = switchyard::iso8583;
using namespace switchyard;
using switchyard::test::decode;

using switchyard::test::make_traffic;
using switchyard::test::network;
using switchyard::test::request;
using switchyard::test::response_to;
using switchyard::test::t0;
using switchyard::test::timeout_ms;
using namespace std::chrono_literals;

namespace {

iso::transform_step step(iso::transform_op op, int field, int to = 0, std::string value = {}) {
  iso::transform_step s;
  s.op = op;
  s.field = field;
  s.to = to;
  s.value = std::move(value);
  if (op == iso::transform_op::remove || op == iso::transform_op::restore)
    s.fields = {field};
  return s;
}

// set 32, map 3, copy 41 -> 48, remove 49; responses get 49 back.
config::network_settings transforming_network() {
  auto n = network();
  auto map = step(iso::transform_op::map, 3);
  map.table = {{"000000", "001000"}};
  n.transform.request
    = {step(iso::transform_op::set, 32, 0, "123456"), map, step(iso::transform_op::copy, 41, 48),
       step(iso::transform_op::remove, 49)};
  n.transform.response = {step(iso::transform_op::restore, 49)};
  return n;
}

iso_traffic up(const config::network_settings& n) {
  auto t = make_traffic(n);
  t.add_link(1, 0);
  t.link_up(1, t0);
  return t;
}

// An exchange whose answer lands in `answer`.
iso_exchange_ptr answered_into(std::shared_ptr<std::optional<iso::message>> answer,
                               iso::message m = request()) {
  return std::make_shared<iso_exchange>(
    std::move(m), [answer](const iso::message& response, std::shared_ptr<delivery_guard>) {
      *answer = response;
    });
}

} // namespace

TEST_SUITE("iso_traffic transformations") {
  TEST_CASE("the request goes upstream transformed and the acquirer gets its fields back") {
    auto t = up(transforming_network());
    auto answer = std::make_shared<std::optional<iso::message>>();
    auto r = t.dispatch(answered_into(answer), t0);
    REQUIRE(r.code.empty());
    auto sent = decode(r.frame);
    CHECK(sent.get(32) == "123456");
    CHECK(sent.get(3) == "001000");
    CHECK(sent.get(48) == "TERM0001");
    CHECK_FALSE(sent.has(49));
    CHECK(sent.get(2) == "4111111111111111");

    auto response = response_to(sent); // echoes 2, 3, 4, 11, 32 and 41
    response.set(48, "ISSUER DATA");
    auto d = t.on_response(1, response, t0 + 1ms);
    REQUIRE(d);
    d->exchange->answer(response);
    REQUIRE(answer->has_value());
    const auto& back = **answer;
    CHECK(back.get(3) == "000000");
    CHECK_FALSE(back.has(32)); // the acquirer sent none
    CHECK_FALSE(back.has(48));
    CHECK(back.get(49) == "978"); // removed upstream, restored by the response step
    CHECK(back.get(39) == "00");
    CHECK(back.get(11) == "000123");
  }

  TEST_CASE("answers the gateway makes itself give the acquirer its fields back too") {
    auto t = up(transforming_network());
    auto answer = std::make_shared<std::optional<iso::message>>();
    auto x = answered_into(answer);
    REQUIRE(t.dispatch(x, t0).code.empty());
    auto expired = t.expire(t0 + std::chrono::milliseconds(timeout_ms) + 1ms);
    REQUIRE(expired.size() == 1);
    expired.front()->fail(errc::upstream_timeout);
    REQUIRE(answer->has_value());
    CHECK((*answer)->get(39) == "68");
    CHECK((*answer)->get(3) == "000000");
    CHECK_FALSE((*answer)->has(32));
  }

  TEST_CASE("a reversal the gateway owes goes to the network in the network's terms") {
    auto t = up(transforming_network());
    REQUIRE(t.dispatch(test::exchange(), t0).code.empty());
    auto deadline = t0 + std::chrono::milliseconds(timeout_ms) + 1ms;
    REQUIRE(t.expire(deadline).size() == 1);
    auto advices = t.send_reversals(deadline);
    REQUIRE(advices.size() == 1);
    auto advice = decode(advices[0].second);
    CHECK(advice.mti() == "0420");
    CHECK(advice.get(32) == "123456");
    CHECK(advice.get(3) == "001000");
    CHECK_FALSE(advice.has(49));
  }

  TEST_CASE("a request no step changes goes upstream in its wire form") {
    std::string wire;
    REQUIRE(iso::pack(request(), iso::iso87_ascii(), wire).ok());
    auto passes = [&](const config::network_settings& n) {
      iso::message m;
      REQUIRE(iso::unpack(iso::as_byte_view(wire), iso::iso87_ascii(), m).ok());
      auto x = test::exchange(std::move(m));
      auto t = up(n);
      auto r = t.dispatch(x, t0);
      REQUIRE(r.code.empty());
      return x->request().wire_for(&iso::iso87_ascii()).has_value() && r.frame.substr(2) == wire;
    };
    CHECK(passes(network()));
    auto unchanged = network();
    unchanged.transform.request
      = {step(iso::transform_op::set, 49, 0, "978"), step(iso::transform_op::remove, 55)};
    CHECK(passes(unchanged));
    CHECK_FALSE(passes(transforming_network()));
  }
}
