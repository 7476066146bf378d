#include "actors/connector_drain.hpp"

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using switchyard::connector_drain;
using switchyard::drain_view;

namespace {

const auto t0 = connector_drain::clock::time_point{} + 1h;

drain_view view(std::uint64_t in_flight, std::uint64_t owed = 0, bool replaced = true,
                bool routed = false) {
  return drain_view{routed, replaced, in_flight, owed, "/var/lib/switchyard/visa.journal"};
}

} // namespace

TEST_SUITE("connector_drain") {
  TEST_CASE("a plain stop with nothing in flight ends at once, leaving nothing") {
    connector_drain d{t0, 3s, false};
    CHECK(d.step(t0, view(0, 0, false)) == std::string{});
  }

  TEST_CASE("a replaced connector ends after a quiet spell, which traffic starts over") {
    connector_drain d{t0, 3s, false};
    CHECK_FALSE(d.step(t0, view(0)));
    CHECK_FALSE(d.step(t0 + 100ms, view(1)));                // a late request: not quiet
    CHECK_FALSE(d.step(t0 + 120ms, view(0, 0, true, true))); // still routed
    CHECK_FALSE(d.step(t0 + 140ms, view(0)));
    CHECK_FALSE(d.step(t0 + 289ms, view(0)));
    CHECK(d.step(t0 + 290ms, view(0)) == std::string{});
  }

  TEST_CASE("requests still in flight at the bound are named in what is left") {
    connector_drain d{t0, 3s, false};
    CHECK_FALSE(d.step(t0 + 2999ms, view(2)));
    CHECK(d.step(t0 + 3s, view(2)) == "2 request(s) still in flight (answered unavailable)");
  }

  TEST_CASE("a removal waits for owed advices past the bound, then says where they are kept") {
    connector_drain d{t0, 3s, true};
    CHECK_FALSE(d.step(t0 + 3s, view(0, 4)));
    CHECK_FALSE(d.step(t0 + 32s, view(0, 4)));
    CHECK(d.step(t0 + 33s, view(0, 4))
          == "4 reversal advice(s) owed, kept in /var/lib/switchyard/visa.journal");
  }

  TEST_CASE("a stop does not wait for owed advices unless a removal joins it") {
    connector_drain plain{t0, 3s, false};
    CHECK(plain.step(t0, view(0, 4, false))
          == "4 reversal advice(s) owed, kept in /var/lib/switchyard/visa.journal");
    connector_drain joined{t0, 3s, false};
    joined.wait_for_owed();
    CHECK_FALSE(joined.step(t0, view(0, 4, false)));
    CHECK(joined.step(t0 + 1s, view(0, 0, false)) == std::string{});
  }
}
