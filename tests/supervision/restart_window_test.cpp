#include "supervision/restart_window.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;
using switchyard::supervision::restart_intensity;
using switchyard::supervision::restart_window;

namespace {

const auto t0 = restart_window::clock::time_point{} + 1h;

} // namespace

TEST_SUITE("restart_window") {
  TEST_CASE("allows max_restarts restarts within the period and refuses the next one") {
    restart_window window{restart_intensity{3, 1000ms}};
    CHECK(window.try_record(t0));
    CHECK(window.try_record(t0 + 10ms));
    CHECK(window.try_record(t0 + 20ms));
    CHECK_FALSE(window.try_record(t0 + 30ms));
    CHECK(window.count(t0 + 30ms) == 3);
  }

  TEST_CASE("a restart exactly one period old no longer counts") {
    restart_window window{restart_intensity{1, 1000ms}};
    CHECK(window.try_record(t0));
    CHECK_FALSE(window.try_record(t0 + 999ms));
    CHECK(window.count(t0 + 999ms) == 1);
    CHECK(window.count(t0 + 1000ms) == 0);
    CHECK(window.try_record(t0 + 1000ms));
  }

  TEST_CASE("old restarts slide out one at a time") {
    restart_window window{restart_intensity{3, 1000ms}};
    CHECK(window.try_record(t0));
    CHECK(window.try_record(t0 + 400ms));
    CHECK(window.try_record(t0 + 800ms));
    CHECK_FALSE(window.try_record(t0 + 999ms));
    CHECK(window.try_record(t0 + 1000ms));
    CHECK_FALSE(window.try_record(t0 + 1001ms));
    CHECK(window.try_record(t0 + 1400ms));
    CHECK(window.count(t0 + 1400ms) == 3);
  }

  TEST_CASE("refused restarts are not recorded and do not extend the window") {
    restart_window window{restart_intensity{1, 1000ms}};
    CHECK(window.try_record(t0));
    CHECK_FALSE(window.try_record(t0 + 500ms));
    CHECK_FALSE(window.try_record(t0 + 900ms));
    CHECK(window.try_record(t0 + 1000ms));
  }

  TEST_CASE("zero max_restarts refuses every restart") {
    restart_window window{restart_intensity{0, 1000ms}};
    CHECK_FALSE(window.try_record(t0));
    CHECK_FALSE(window.try_record(t0 + 1h));
    CHECK(window.count(t0 + 1h) == 0);
  }

  TEST_CASE("a steady failure rate below the intensity never exhausts the window") {
    restart_window window{restart_intensity{2, 1000ms}};
    for (int i = 0; i < 50; ++i)
      REQUIRE(window.try_record(t0 + i * 501ms));
  }

  TEST_CASE("clear forgets every recorded restart") {
    restart_window window{restart_intensity{2, 1000ms}};
    CHECK(window.try_record(t0));
    CHECK(window.try_record(t0 + 1ms));
    window.clear();
    CHECK(window.count(t0 + 2ms) == 0);
    CHECK(window.try_record(t0 + 2ms));
    CHECK(window.intensity().max_restarts == 2);
  }
}
