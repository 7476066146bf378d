#pragma once

#include "actors/iso8583/iso_pending.hpp"
#include "protocols/iso8583/response.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace switchyard::iso_pending_test {

using core::time_point;
using pending_requests = iso_pending;

/// The clock's epoch; deadlines in the tests are offsets from it.
inline constexpr time_point t0{};

/// Match on STAN (field 11) and terminal id (field 41).
inline const std::vector<std::uint16_t> stan_tid = {11, 41};

/// A request with `stan`, `tid` and `mti` plus a PAN and a retrieval reference number.
inline iso8583::message request(std::string_view stan, std::string_view tid = "TERM0001",
                                std::string_view mti = "0200") {
  iso8583::message m;
  m.set_mti(mti);
  m.set(2, "4111111111111111");
  m.set(11, stan);
  m.set(41, tid);
  m.set(37, "123456789012");
  return m;
}

/// The upstream's answer to `sent` as it went on the wire (with any switch-assigned STAN).
inline iso8583::message answer(const iso8583::message& sent) {
  auto response = iso8583::make_response(sent);
  REQUIRE(response.has_value());
  response->set(39, "00");
  return *response;
}

/// Adds `m` on `link` with `deadline`, requires that it succeeded and returns its ticket.
inline std::uint64_t add_ok(pending_requests& table, iso8583::message& m, std::uint32_t link,
                            time_point deadline) {
  auto result = table.add(m, link, deadline);
  REQUIRE(result);
  return result.ticket;
}

/// Returns the ticket `response` matches, or 0 when it matches none.
inline std::uint64_t matched_ticket(pending_requests& table, iso8583::message& response) {
  auto m = table.match(response);
  return m ? m->ticket : 0;
}

} // namespace switchyard::iso_pending_test
