#pragma once

#include "actors/iso8583/iso_traffic.hpp"
#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/response.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::test {

/// The time the tests start at.
inline constexpr core::time_point t0{std::chrono::seconds{1000}};

/// The request timeout of the network `network` returns.
inline constexpr std::uint32_t timeout_ms = 100;

/// A network "visa" with one host per weight on 127.0.0.1 and a breaker that opens after three
/// failures and closes after two successes.
inline config::network_settings network(std::vector<std::uint32_t> weights = {1},
                                        config::balancing_kind kind
                                        = config::balancing_kind::round_robin) {
  config::network_settings n;
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

/// Traffic for `n` in the ISO 8583:1987 ASCII dialect whose random draws are always 0.
inline iso_traffic make_traffic(const config::network_settings& n,
                                iso8583::framing_settings framing = {}) {
  return iso_traffic{n, iso8583::iso87_ascii(), framing, [] {
                       return 0.0;
                     }};
}

/// Returns `i` as a six-digit STAN.
inline std::string stan(int i) {
  auto s = std::to_string(i);
  return std::string(6 - s.size(), '0') + s;
}

/// A 0200 purchase request with `stan` and `tid`.
/// Returns traffic for the default network with link 1 of host 0 up.
inline iso_traffic traffic_with_link_up() {
  auto t = make_traffic(network());
  t.add_link(1, 0);
  t.link_up(1, t0);
  return t;
}

inline iso8583::message request(std::string_view stan = "000123",
                                std::string_view tid = "TERM0001") {
  iso8583::message m;
  m.set_mti("0200");
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(11, stan);
  m.set(41, tid);
  m.set(49, "978");
  return m;
}

/// An exchange for `m` without a reply function.
inline iso_exchange_ptr exchange(iso8583::message m = request()) {
  return std::make_shared<iso_exchange>(std::move(m), iso_exchange::reply_function{});
}

/// Unframes and unpacks `frame`, requiring that it holds exactly one message.
inline iso8583::message decode(const std::string& frame,
                               const iso8583::framing_settings& framing = {}) {
  auto r = iso8583::try_extract(iso8583::as_byte_view(frame), framing);
  REQUIRE(r.status == iso8583::frame_status::complete);
  REQUIRE(r.consumed == frame.size());
  iso8583::message m;
  REQUIRE(iso8583::unpack(r.message, iso8583::iso87_ascii(), m).ok());
  return m;
}

/// The upstream's answer to `upstream` with response code `code`.
inline iso8583::message response_to(const iso8583::message& upstream,
                                    std::string_view code = "00") {
  auto r = iso8583::make_response(upstream);
  REQUIRE(r.has_value());
  r->set(39, code);
  return *r;
}

} // namespace switchyard::test
