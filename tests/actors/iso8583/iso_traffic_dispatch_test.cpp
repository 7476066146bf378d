#include "actors/iso8583/iso_traffic.hpp"
#include "protocols/iso8583/framing.hpp"
#include "tests/actors/iso8583/iso_traffic_test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace iso = switchyard::iso8583;
using switchyard::test::decode;
using switchyard::test::exchange;
using switchyard::test::make_traffic;
using switchyard::test::network;
using switchyard::test::request;
using switchyard::test::response_to;
using switchyard::test::t0;
using switchyard::test::timeout_ms;
using switchyard::test::traffic_with_link_up;
using namespace std::chrono_literals;

TEST_SUITE("iso_traffic") {
  TEST_CASE("dispatch waits while no link has come up or failed yet") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    CHECK(t.is_starting());
    auto r = t.dispatch(exchange(), t0);
    CHECK(r.wait);
    CHECK(r.code.empty());
    CHECK(r.frame.empty());
    CHECK(t.counters().requests == 0);
    CHECK_FALSE(t.next_deadline().has_value());
  }

  TEST_CASE("dispatch keeps waiting until every link has failed once") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.add_link(2, 0);
    CHECK(t.link_down(1, t0).empty());
    CHECK(t.dispatch(exchange(), t0).wait);
    t.link_down(2, t0);
    CHECK_FALSE(t.is_starting());
    auto r = t.dispatch(exchange(), t0);
    CHECK_FALSE(r.wait);
    CHECK(r.code == "91");
    CHECK(r.frame.empty());
    CHECK(t.counters().requests == 1);
    CHECK(t.counters().unavailable == 1);
  }

  TEST_CASE("dispatch uses an up link while other links are still untried") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(2, t0);
    CHECK(t.is_starting());
    CHECK(t.any_link_up());
    auto r = t.dispatch(exchange(), t0);
    CHECK_FALSE(r.wait);
    CHECK(r.code.empty());
    CHECK(r.link == 2);
  }

  TEST_CASE("dispatch writes a frame on the up link that decodes to the request") {
    auto t = make_traffic(network());
    t.add_link(7, 0);
    t.link_up(7, t0);
    auto x = exchange();
    auto r = t.dispatch(x, t0);
    CHECK_FALSE(r.wait);
    CHECK(r.code.empty());
    CHECK(r.link == 7);
    auto sent = decode(r.frame);
    CHECK(sent == x->request());
    CHECK(sent.get(11) == "000123");
    CHECK(sent.get(41) == "TERM0001");
    CHECK(t.counters().requests == 1);
    CHECK(t.remapped() == 0);
    REQUIRE(t.next_deadline().has_value());
    CHECK(*t.next_deadline() == t0 + std::chrono::milliseconds(timeout_ms));
  }

  TEST_CASE("dispatch frames with a zeroed header of the configured size") {
    iso::framing_settings framing;
    framing.kind = iso::framing_kind::ascii4;
    framing.header_bytes = 5;
    auto t = make_traffic(network(), framing);
    t.add_link(1, 0);
    t.link_up(1, t0);
    auto x = exchange();
    auto r = t.dispatch(x, t0);
    REQUIRE(r.code.empty());
    auto e = iso::try_extract(iso::as_byte_view(r.frame), framing);
    REQUIRE(e.status == iso::frame_status::complete);
    CHECK(std::vector<std::uint8_t>(e.header.begin(), e.header.end())
          == std::vector<std::uint8_t>(5, 0));
    CHECK(decode(r.frame, framing) == x->request());
  }

  TEST_CASE("a response is delivered to the exchange of its request") {
    auto t = traffic_with_link_up();
    auto x = exchange();
    auto r = t.dispatch(x, t0);
    CHECK(t.host_load(0).second == 1);
    auto response = response_to(decode(r.frame));
    auto d = t.on_response(1, response, t0 + 10ms);
    REQUIRE(d.has_value());
    CHECK(d->exchange == x);
    CHECK(response.mti() == "0210");
    CHECK(response.get(39) == "00");
    CHECK(response.get(11) == "000123");
    CHECK(t.counters().responses == 1);
    CHECK(t.counters().late == 0);
    CHECK(t.host_load(0).second == 0);
    CHECK_FALSE(t.next_deadline().has_value());
  }

  TEST_CASE("another transaction with the same STAN and terminal is remapped and restored") {
    auto t = traffic_with_link_up();
    auto first = request();
    first.set(7, "1206010000");
    auto second = request();
    second.set(7, "1206010001"); // sent a second later: another transaction
    auto x1 = exchange(first);
    auto x2 = exchange(second);
    auto r1 = t.dispatch(x1, t0);
    auto r2 = t.dispatch(x2, t0);
    REQUIRE(r1.code.empty());
    REQUIRE(r2.code.empty());
    auto sent1 = decode(r1.frame);
    auto sent2 = decode(r2.frame);
    CHECK(sent1.get(11) == "000123");
    CHECK(sent2.get(11) != "000123");
    CHECK(sent2.get(41) == "TERM0001");
    CHECK(t.remapped() == 1);
    // The exchange's request went upstream as it is, with the switched STAN.
    CHECK(x2->request().get(11) == sent2.get(11));

    auto response2 = response_to(sent2);
    CHECK(response2.get(11) != "000123");
    auto d2 = t.on_response(1, response2, t0 + 5ms);
    REQUIRE(d2.has_value());
    CHECK(d2->exchange == x2);
    CHECK(response2.get(11) == "000123"); // the acquirer's STAN, restored
    auto response1 = response_to(sent1);
    auto d1 = t.on_response(1, response1, t0 + 6ms);
    REQUIRE(d1.has_value());
    CHECK(d1->exchange == x1);
    CHECK(response1.get(11) == "000123");
    CHECK(t.counters().responses == 2);
  }

  TEST_CASE("a response to an unknown request is dropped and counted late") {
    auto t = traffic_with_link_up();
    auto d = t.on_response(1, response_to(request("999999")), t0);
    CHECK_FALSE(d.has_value());
    CHECK(t.counters().late == 1);
    CHECK(t.counters().responses == 0);
  }

  TEST_CASE("a response after its request expired is dropped and counted late") {
    auto t = traffic_with_link_up();
    auto r = t.dispatch(exchange(), t0);
    auto sent = decode(r.frame);
    auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
    CHECK(t.expire(deadline).size() == 1);
    auto d = t.on_response(1, response_to(sent), deadline + 1ms);
    CHECK_FALSE(d.has_value());
    CHECK(t.counters().late == 1);
    CHECK(t.counters().responses == 0);
  }

  TEST_CASE("expire returns the exchange at its deadline and not before") {
    auto t = traffic_with_link_up();
    auto x = exchange();
    REQUIRE(t.dispatch(x, t0).code.empty());
    auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
    CHECK(t.expire(deadline - 1ns).empty());
    CHECK(t.counters().timeouts == 0);
    auto expired = t.expire(deadline);
    REQUIRE(expired.size() == 1);
    CHECK(expired[0] == x);
    CHECK(t.counters().timeouts == 1);
    CHECK(t.host_load(0).second == 0);
    // Nothing in flight any more; what is next is the timed-out sale's reversal, due now.
    CHECK(t.reversals().size() == 1);
    CHECK(t.next_deadline() == deadline);
    CHECK(t.expire(deadline + 1s).empty());
    CHECK(t.counters().timeouts == 1);
  }

  TEST_CASE("a request without field 41 goes upstream and is matched by the fields it has") {
    auto t = traffic_with_link_up();
    auto m = request();
    m.remove(41);
    auto r = t.dispatch(exchange(m), t0);
    REQUIRE(std::string{r.code}.empty());
    CHECK(r.reason.empty());
    CHECK(t.counters().rejected == 0);
    auto answer = response_to(decode(r.frame));
    CHECK_FALSE(answer.has(41));
    CHECK(t.on_response(r.link, answer, t0 + 1ms).has_value());
    CHECK(t.counters().responses == 1);
    CHECK(t.in_flight_count() == 0);
  }

  TEST_CASE("a request without field 11 is answered 30 with its reason, masked") {
    auto t = traffic_with_link_up();
    auto m = request();
    m.remove(11);
    auto r = t.dispatch(exchange(m), t0);
    CHECK(r.code == "30");
    CHECK(t.counters().rejected == 1);
    CHECK(r.reason.find("lacks a match field") != std::string::npos);
    CHECK(r.reason.find("4111111111111111") == std::string::npos);
    CHECK(t.host_load(0).second == 0);
  }

  TEST_CASE("a request the network's dialect cannot pack is answered 96 and leaves nothing in "
            "flight") {
    auto t = traffic_with_link_up();
    auto m = request();
    m.set(4, "0000000010000"); // 13 digits in an n 12 field
    auto r = t.dispatch(exchange(m), t0);
    CHECK(r.code == "96");
    CHECK(r.outcome == switchyard::errc::internal_error);
    CHECK(r.frame.empty());
    CHECK(t.counters().rejected == 1);
    // Logged with why, the card number masked.
    CHECK(r.reason.find("cannot encode the request in the network's dialect") != std::string::npos);
    CHECK(r.reason.find("field 4") != std::string::npos);
    CHECK(r.reason.find("4111111111111111") == std::string::npos);
    CHECK(t.host_load(0).second == 0);
    CHECK_FALSE(t.next_deadline().has_value());
    CHECK(t.expire(t0 + 1h).empty());
    CHECK(t.counters().timeouts == 0);
  }
}

TEST_SUITE("iso_traffic reversals") {
  TEST_CASE("a timed-out sale goes out as an 0420 that its 0430 settles") {
    auto t = traffic_with_link_up();
    auto x = exchange();
    REQUIRE(t.dispatch(x, t0).code.empty());
    auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
    REQUIRE(t.expire(deadline).size() == 1);
    auto sent = t.send_reversals(deadline);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].first == 1);
    auto advice = decode(sent[0].second);
    CHECK(advice.mti() == "0420");
    CHECK(advice.get(39) == "68");
    CHECK(t.send_reversals(deadline).empty()); // in flight: not sent twice
    auto ack = t.on_response(1, response_to(advice), deadline + 1ms);
    CHECK_FALSE(ack.has_value());
    CHECK(t.counters().late == 0);
    CHECK(t.reversals().size() == 0);
    CHECK(t.reversals().acknowledged() == 1);
  }
}
