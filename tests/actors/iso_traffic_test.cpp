#include "actors/iso_traffic.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/response.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace iso = switchyard::iso8583;
using switchyard::iso_exchange;
using switchyard::iso_exchange_ptr;
using switchyard::iso_traffic;
using switchyard::config::balancing_kind;
using switchyard::config::network_settings;
using switchyard::core::time_point;
using namespace std::chrono_literals;

namespace {

const time_point t0{std::chrono::seconds{1000}};

constexpr std::uint32_t timeout_ms = 100;

network_settings network(std::vector<std::uint32_t> weights = {1},
                         balancing_kind kind = balancing_kind::round_robin) {
  network_settings n;
  n.name = "visa";
  for (auto w : weights)
    n.hosts.push_back({"127.0.0.1", 9000, w});
  n.timeout_ms = timeout_ms;
  n.load_balancing = kind;
  n.breaker.failure_threshold = 3;
  n.breaker.failure_rate = 0.0;
  n.breaker.recovery_timeout_ms = 1000;
  n.breaker.half_open_successes = 2;
  return n;
}

iso_traffic make_traffic(const network_settings& n, iso::framing_settings framing = {}) {
  return iso_traffic{n, iso::iso87_ascii(), framing, [] {
                       return 0.0;
                     }};
}

iso::message request(std::string_view stan = "000123", std::string_view tid = "TERM0001") {
  iso::message m;
  m.set_mti("0200");
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(11, stan);
  m.set(41, tid);
  m.set(49, "978");
  return m;
}

iso_exchange_ptr exchange(iso::message m = request()) {
  return std::make_shared<iso_exchange>(std::move(m), iso_exchange::reply_function{});
}

std::string stan(int i) {
  auto s = std::to_string(i);
  return std::string(6 - s.size(), '0') + s;
}

iso::message decode(const std::string& frame, const iso::framing_settings& framing = {}) {
  auto r = iso::try_extract(iso::as_byte_view(frame), framing);
  REQUIRE(r.status == iso::frame_status::complete);
  REQUIRE(r.consumed == frame.size());
  iso::message m;
  REQUIRE(iso::unpack(r.message, iso::iso87_ascii(), m).ok());
  return m;
}

iso::message response_to(const iso::message& upstream, std::string_view code = "00") {
  auto r = iso::make_response(upstream);
  REQUIRE(r.has_value());
  r->set(39, code);
  return *r;
}

} // namespace

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
    t.link_up(2);
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
    t.link_up(7);
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
    t.link_up(1);
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
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    auto x = exchange();
    auto r = t.dispatch(x, t0);
    CHECK(t.host_load(0).second == 1);
    auto d = t.on_response(1, response_to(decode(r.frame)), t0 + 10ms);
    REQUIRE(d.has_value());
    CHECK(d->exchange == x);
    CHECK(d->response.mti() == "0210");
    CHECK(d->response.get(39) == "00");
    CHECK(d->response.get(11) == "000123");
    CHECK(t.counters().responses == 1);
    CHECK(t.counters().late == 0);
    CHECK(t.host_load(0).second == 0);
    CHECK_FALSE(t.next_deadline().has_value());
  }

  TEST_CASE("a second request with the same STAN and terminal is remapped and restored") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    auto x1 = exchange();
    auto x2 = exchange();
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
    CHECK(x2->request().get(11) == "000123");

    auto d2 = t.on_response(1, response_to(sent2), t0 + 5ms);
    REQUIRE(d2.has_value());
    CHECK(d2->exchange == x2);
    CHECK(d2->response.get(11) == "000123");
    auto d1 = t.on_response(1, response_to(sent1), t0 + 6ms);
    REQUIRE(d1.has_value());
    CHECK(d1->exchange == x1);
    CHECK(d1->response.get(11) == "000123");
    CHECK(t.counters().responses == 2);
  }

  TEST_CASE("a response to an unknown request is dropped and counted late") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    auto d = t.on_response(1, response_to(request("999999")), t0);
    CHECK_FALSE(d.has_value());
    CHECK(t.counters().late == 1);
    CHECK(t.counters().responses == 0);
  }

  TEST_CASE("a response after its request expired is dropped and counted late") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
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
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
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
    CHECK_FALSE(t.next_deadline().has_value());
    CHECK(t.expire(deadline + 1s).empty());
    CHECK(t.counters().timeouts == 1);
  }

  TEST_CASE("link_down returns only the exchanges in flight on that link") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1);
    t.link_up(2);
    auto x1 = exchange(request("000001"));
    auto x2 = exchange(request("000002"));
    auto r1 = t.dispatch(x1, t0);
    auto r2 = t.dispatch(x2, t0);
    REQUIRE(r1.code.empty());
    REQUIRE(r2.code.empty());
    REQUIRE(r1.link != r2.link);
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{2, 2});

    auto lost = t.link_down(r1.link, t0 + 1ms);
    REQUIRE(lost.size() == 1);
    CHECK(lost[0] == x1);
    CHECK(t.counters().unavailable == 1);
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{1, 1});
    CHECK(t.any_link_up());

    auto d = t.on_response(r2.link, response_to(decode(r2.frame)), t0 + 2ms);
    REQUIRE(d.has_value());
    CHECK(d->exchange == x2);
  }

  TEST_CASE("a link that went down takes no more requests") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.link_up(1);
    t.link_up(2);
    t.link_down(1, t0);
    for (int i = 0; i < 4; ++i) {
      auto r = t.dispatch(exchange(request(stan(i + 1))), t0);
      REQUIRE(r.code.empty());
      CHECK(r.link == 2);
    }
  }

  TEST_CASE("dispatch answers 91 once the last up link went down") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    t.link_down(1, t0);
    CHECK_FALSE(t.any_link_up());
    auto r = t.dispatch(exchange(), t0);
    CHECK_FALSE(r.wait);
    CHECK(r.code == "91");
  }

  TEST_CASE("link_up of an unknown link or of an up link changes nothing") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(99);
    CHECK_FALSE(t.any_link_up());
    CHECK(t.is_starting());
    t.link_up(1);
    t.link_up(1);
    CHECK(t.host_load(0).first == 1);
    t.link_down(1, t0);
    CHECK_FALSE(t.any_link_up());
    CHECK(t.host_load(0).first == 0);
    CHECK(t.link_down(99, t0).empty());
  }

  TEST_CASE("the breaker opens after failure_threshold timeouts and reopens to traffic after "
            "recovery_timeout") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    for (int i = 0; i < 3; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    auto timed_out = t0 + std::chrono::milliseconds(timeout_ms);
    REQUIRE(t.expire(timed_out).size() == 3);

    auto r = t.dispatch(exchange(request("000010")), timed_out);
    CHECK(r.code == "91");
    CHECK_FALSE(r.wait);
    CHECK(t.dispatch(exchange(request("000011")), timed_out + 999ms).code == "91");
    CHECK(t.counters().unavailable == 2);

    auto trial = t.dispatch(exchange(request("000012")), timed_out + 1000ms);
    CHECK(trial.code.empty());
    CHECK(trial.link == 1);
  }

  TEST_CASE("timeouts below the threshold do not open the breaker when a success breaks the run") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
    for (int i = 0; i < 2; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    REQUIRE(t.expire(deadline).size() == 2);
    auto ok = t.dispatch(exchange(request("000003")), deadline);
    REQUIRE(ok.code.empty());
    REQUIRE(t.on_response(1, response_to(decode(ok.frame)), deadline + 1ms).has_value());
    for (int i = 0; i < 2; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 4))), deadline).code.empty());
    REQUIRE(t.expire(deadline + std::chrono::milliseconds(timeout_ms)).size() == 2);
    CHECK(t.dispatch(exchange(request("000006")), deadline + 100ms).code.empty());
  }

  TEST_CASE("a request rejected with 30 in half-open does not use up a breaker trial") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    for (int i = 0; i < 3; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    auto timed_out = t0 + std::chrono::milliseconds(timeout_ms);
    REQUIRE(t.expire(timed_out).size() == 3);
    auto half_open = timed_out + 1000ms;

    // half_open_successes is 2: two malformed requests must not take both trial slots.
    auto malformed = request("000020");
    malformed.remove(41);
    CHECK(t.dispatch(exchange(malformed), half_open).code == "30");
    CHECK(t.dispatch(exchange(malformed), half_open).code == "30");
    auto r = t.dispatch(exchange(request("000021")), half_open);
    CHECK(std::string{r.code}.empty());
    CHECK(std::string{r.code} != "91");
    CHECK(r.link == 1);
  }

  TEST_CASE("weighted round robin sends three of four requests to the host of weight 3") {
    auto t = make_traffic(network({3, 1}, balancing_kind::weighted_round_robin));
    t.add_link(10, 0);
    t.add_link(20, 1);
    t.link_up(10);
    t.link_up(20);
    std::map<std::uint32_t, int> frames;
    for (int i = 0; i < 8; ++i) {
      auto r = t.dispatch(exchange(request(stan(i + 1))), t0);
      REQUIRE(r.code.empty());
      REQUIRE_FALSE(r.frame.empty());
      ++frames[r.link];
    }
    CHECK(frames[10] == 6);
    CHECK(frames[20] == 2);
    CHECK(frames.size() == 2);
  }

  TEST_CASE("host_load reports the up links and requests in flight of each host") {
    auto t = make_traffic(network({1, 1}));
    t.add_link(1, 0);
    t.add_link(2, 0);
    t.add_link(3, 1);
    t.link_up(1);
    t.link_up(2);
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{2, 0});
    CHECK(t.host_load(1) == std::pair<std::uint32_t, std::uint32_t>{0, 0});
    for (int i = 0; i < 3; ++i)
      REQUIRE(t.dispatch(exchange(request(stan(i + 1))), t0).code.empty());
    CHECK(t.host_load(0) == std::pair<std::uint32_t, std::uint32_t>{2, 3});
    CHECK(t.host_load(1) == std::pair<std::uint32_t, std::uint32_t>{0, 0});
  }

  TEST_CASE("a request without a match field is rejected with 30") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    auto m = request();
    m.remove(41);
    auto r = t.dispatch(exchange(m), t0);
    CHECK(r.code == "30");
    CHECK(r.frame.empty());
    CHECK_FALSE(r.wait);
    CHECK(t.counters().rejected == 1);
    CHECK(t.counters().requests == 1);
    CHECK(t.host_load(0).second == 0);
    CHECK_FALSE(t.next_deadline().has_value());
  }

  TEST_CASE("a request the dialect cannot pack is rejected with 30 and leaves nothing in flight") {
    auto t = make_traffic(network());
    t.add_link(1, 0);
    t.link_up(1);
    auto m = request();
    m.set(4, "0000000010000"); // 13 digits in an n 12 field
    auto r = t.dispatch(exchange(m), t0);
    CHECK(r.code == "30");
    CHECK(r.frame.empty());
    CHECK(t.counters().rejected == 1);
    CHECK(t.host_load(0).second == 0);
    CHECK_FALSE(t.next_deadline().has_value());
    CHECK(t.expire(t0 + 1h).empty());
    CHECK(t.counters().timeouts == 0);
  }
}
