#include "tools/sim-jsonrpc/fault_plan.hpp"

#include <doctest/doctest.h>

#include <array>
#include <random>

using namespace switchyard::rpc_sim;

TEST_SUITE("sim-jsonrpc fault plan") {
  TEST_CASE("no rates never inject a fault") {
    const fault_rates none;
    for (double draw : {0.0, 0.5, 0.999999})
      CHECK(pick_fault(none, draw, transport::http) == fault::none);
  }

  TEST_CASE("each fault owns a slice of the unit interval as wide as its rate") {
    fault_rates r;
    r.drop = 0.1;
    r.hang = 0.1;
    r.http_429 = 0.1;
    r.http_5xx = 0.1;
    r.malformed = 0.1;
    CHECK(pick_fault(r, 0.05, transport::http) == fault::drop);
    CHECK(pick_fault(r, 0.15, transport::http) == fault::hang);
    CHECK(pick_fault(r, 0.25, transport::http) == fault::http_429);
    CHECK(pick_fault(r, 0.35, transport::http) == fault::http_5xx);
    CHECK(pick_fault(r, 0.45, transport::http) == fault::malformed);
    CHECK(pick_fault(r, 0.55, transport::http) == fault::none);
  }

  TEST_CASE("a rate of 1 always injects its fault") {
    fault_rates r;
    r.http_429 = 1;
    CHECK(pick_fault(r, 0.0, transport::http) == fault::http_429);
    CHECK(pick_fault(r, 0.999999, transport::http) == fault::http_429);
  }

  TEST_CASE("HTTP status faults do not apply to WebSocket messages") {
    fault_rates r;
    r.http_429 = 0.5;
    r.http_5xx = 0.5;
    CHECK(pick_fault(r, 0.2, transport::websocket) == fault::none);
    CHECK(pick_fault(r, 0.7, transport::websocket) == fault::none);
    r = {};
    r.drop = 1;
    CHECK(pick_fault(r, 0.5, transport::websocket) == fault::drop);
  }

  TEST_CASE("faults happen at their rates whatever the other rates are") {
    fault_rates r;
    r.drop = 0.2;
    r.malformed = 0.3;
    std::mt19937_64 rng{42};
    std::uniform_real_distribution<double> unit;
    std::array<int, fault_count> seen{};
    constexpr int draws = 100000;
    for (int i = 0; i < draws; ++i)
      ++seen[static_cast<std::size_t>(pick_fault(r, unit(rng), transport::http))];
    CHECK(seen[static_cast<std::size_t>(fault::drop)] / double(draws)
          == doctest::Approx(0.2).epsilon(0.05));
    CHECK(seen[static_cast<std::size_t>(fault::malformed)] / double(draws)
          == doctest::Approx(0.3).epsilon(0.05));
    CHECK(seen[static_cast<std::size_t>(fault::none)] / double(draws)
          == doctest::Approx(0.5).epsilon(0.05));
  }

  TEST_CASE("a call fails below the error rate") {
    fault_rates r;
    r.error = 0.25;
    CHECK(is_simulated_error(r, 0.1));
    CHECK_FALSE(is_simulated_error(r, 0.25));
    CHECK_FALSE(is_simulated_error(fault_rates{}, 0.0));
  }

  TEST_CASE("every fault has a name") {
    CHECK(to_string(fault::none) == "none");
    CHECK(to_string(fault::drop) == "drop");
    CHECK(to_string(fault::hang) == "hang");
    CHECK(to_string(fault::http_429) == "http_429");
    CHECK(to_string(fault::http_5xx) == "http_5xx");
    CHECK(to_string(fault::malformed) == "malformed");
  }
}
