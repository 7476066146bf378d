#include "supervision/restart_planner.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <vector>

using namespace std::chrono_literals;
using namespace switchyard::supervision;

namespace {

using indices = std::vector<std::size_t>;

const auto t0 = restart_planner::clock::time_point{} + 1h;

constexpr auto permanent = restart_type::permanent;
constexpr auto transient = restart_type::transient;
constexpr auto temporary = restart_type::temporary;

restart_planner make_planner(strategy strat, std::vector<restart_type> types,
                             restart_intensity intensity = {3, 5000ms}) {
  return restart_planner{strat, intensity, std::move(types)};
}

} // namespace

TEST_SUITE("restart_planner") {
  TEST_CASE("one_for_one restarts only the failed child and stops nothing") {
    auto planner = make_planner(strategy::one_for_one, {permanent, permanent, permanent});
    auto decision = planner.on_exit(1, exit_kind::failure, t0);
    CHECK(decision.kind == decision_kind::restart);
    CHECK(decision.stop.empty());
    CHECK(decision.start == indices{1});
  }

  TEST_CASE("one_for_all stops the other children in reverse order and restarts all in order") {
    auto planner
      = make_planner(strategy::one_for_all, {permanent, permanent, permanent, permanent});
    auto decision = planner.on_exit(1, exit_kind::failure, t0);
    CHECK(decision.kind == decision_kind::restart);
    CHECK(decision.stop == indices{3, 2, 0});
    CHECK(decision.start == indices{0, 1, 2, 3});
  }

  TEST_CASE("rest_for_one stops the later children in reverse order and restarts from the failed "
            "one") {
    auto planner
      = make_planner(strategy::rest_for_one, {permanent, permanent, permanent, permanent});
    auto decision = planner.on_exit(1, exit_kind::failure, t0);
    CHECK(decision.kind == decision_kind::restart);
    CHECK(decision.stop == indices{3, 2});
    CHECK(decision.start == indices{1, 2, 3});
  }

  TEST_CASE("rest_for_one with the last child restarts only that child") {
    auto planner = make_planner(strategy::rest_for_one, {permanent, permanent, permanent});
    auto decision = planner.on_exit(2, exit_kind::failure, t0);
    CHECK(decision.stop.empty());
    CHECK(decision.start == indices{2});
  }

  TEST_CASE("a permanent child is restarted after every kind of exit") {
    for (auto kind : {exit_kind::normal, exit_kind::shutdown, exit_kind::failure}) {
      CAPTURE(to_string(kind));
      auto planner = make_planner(strategy::one_for_one, {permanent});
      auto decision = planner.on_exit(0, kind, t0);
      CHECK(decision.kind == decision_kind::restart);
      CHECK(decision.start == indices{0});
      CHECK(planner.is_wanted(0));
    }
  }

  TEST_CASE("a transient child is restarted after a failure") {
    auto planner = make_planner(strategy::one_for_one, {transient});
    auto decision = planner.on_exit(0, exit_kind::failure, t0);
    CHECK(decision.kind == decision_kind::restart);
    CHECK(decision.start == indices{0});
  }

  TEST_CASE("a transient child that exits normally or on shutdown is not restarted") {
    for (auto kind : {exit_kind::normal, exit_kind::shutdown}) {
      CAPTURE(to_string(kind));
      auto planner = make_planner(strategy::one_for_all, {permanent, transient, permanent});
      auto decision = planner.on_exit(1, kind, t0);
      CHECK(decision.kind == decision_kind::none);
      CHECK(decision.stop.empty());
      CHECK_FALSE(planner.is_wanted(1));
      CHECK(planner.is_wanted(0));
    }
  }

  TEST_CASE("a temporary child is never restarted, not even after a failure") {
    auto planner = make_planner(strategy::one_for_one, {temporary});
    CHECK(planner.on_exit(0, exit_kind::failure, t0).kind == decision_kind::none);
    CHECK_FALSE(planner.is_wanted(0));
    CHECK(planner.window().count(t0) == 0);
  }

  TEST_CASE("a temporary child's exit leaves its siblings alone under one_for_all") {
    auto planner = make_planner(strategy::one_for_all, {permanent, temporary, permanent});
    auto decision = planner.on_exit(1, exit_kind::failure, t0);
    CHECK(decision.kind == decision_kind::none);
    CHECK(decision.stop.empty());
    CHECK(decision.start.empty());
  }

  TEST_CASE("temporary siblings stopped by a group restart are not restarted") {
    auto planner
      = make_planner(strategy::one_for_all, {temporary, permanent, temporary, transient});
    auto decision = planner.on_exit(1, exit_kind::failure, t0);
    CHECK(decision.stop == indices{3, 2, 0});
    CHECK(decision.start == indices{1, 3});
    CHECK_FALSE(planner.is_wanted(0));
    CHECK_FALSE(planner.is_wanted(2));
    CHECK(planner.is_wanted(3));
  }

  TEST_CASE("children no longer wanted are neither stopped nor restarted by a group restart") {
    auto planner
      = make_planner(strategy::rest_for_one, {permanent, permanent, transient, permanent});
    REQUIRE(planner.on_exit(2, exit_kind::normal, t0).kind == decision_kind::none);
    auto decision = planner.on_exit(1, exit_kind::failure, t0 + 1ms);
    CHECK(decision.stop == indices{3});
    CHECK(decision.start == indices{1, 3});
  }

  TEST_CASE("exceeding the intensity escalates and stops every other child in reverse order") {
    auto planner = make_planner(strategy::one_for_one, {permanent, permanent, permanent},
                                restart_intensity{2, 1000ms});
    CHECK(planner.on_exit(1, exit_kind::failure, t0).kind == decision_kind::restart);
    CHECK(planner.on_exit(1, exit_kind::failure, t0 + 100ms).kind == decision_kind::restart);
    auto decision = planner.on_exit(1, exit_kind::failure, t0 + 200ms);
    CHECK(decision.kind == decision_kind::escalate);
    CHECK(decision.stop == indices{2, 0});
    CHECK(decision.start.empty());
  }

  TEST_CASE("after an escalation no child is wanted and further exits decide nothing") {
    auto planner
      = make_planner(strategy::one_for_all, {permanent, permanent}, restart_intensity{0, 1000ms});
    REQUIRE(planner.on_exit(0, exit_kind::failure, t0).kind == decision_kind::escalate);
    CHECK_FALSE(planner.is_wanted(0));
    CHECK_FALSE(planner.is_wanted(1));
    CHECK(planner.on_exit(1, exit_kind::failure, t0 + 1ms).kind == decision_kind::none);
  }

  TEST_CASE("restarts of different children share one intensity budget") {
    auto planner = make_planner(strategy::one_for_one, {permanent, permanent, permanent},
                                restart_intensity{2, 1000ms});
    CHECK(planner.on_exit(0, exit_kind::failure, t0).kind == decision_kind::restart);
    CHECK(planner.on_exit(1, exit_kind::failure, t0 + 1ms).kind == decision_kind::restart);
    CHECK(planner.on_exit(2, exit_kind::failure, t0 + 2ms).kind == decision_kind::escalate);
  }

  TEST_CASE("old restarts slide out of the window so a slow failure rate never escalates") {
    auto planner = make_planner(strategy::one_for_one, {permanent}, restart_intensity{2, 1000ms});
    CHECK(planner.on_exit(0, exit_kind::failure, t0).kind == decision_kind::restart);
    CHECK(planner.on_exit(0, exit_kind::failure, t0 + 600ms).kind == decision_kind::restart);
    CHECK(planner.on_exit(0, exit_kind::failure, t0 + 1000ms).kind == decision_kind::restart);
    CHECK(planner.on_exit(0, exit_kind::failure, t0 + 1600ms).kind == decision_kind::restart);
    CHECK(planner.on_exit(0, exit_kind::failure, t0 + 1700ms).kind == decision_kind::escalate);
  }

  TEST_CASE("a group restart counts once against the intensity") {
    auto planner = make_planner(strategy::one_for_all, {permanent, permanent, permanent},
                                restart_intensity{2, 1000ms});
    CHECK(planner.on_exit(0, exit_kind::failure, t0).kind == decision_kind::restart);
    CHECK(planner.window().count(t0) == 1);
    CHECK(planner.on_exit(2, exit_kind::failure, t0 + 1ms).kind == decision_kind::restart);
    CHECK(planner.window().count(t0 + 1ms) == 2);
  }

  TEST_CASE("exits that need no restart do not consume the intensity") {
    auto planner
      = make_planner(strategy::one_for_one, {transient, permanent}, restart_intensity{1, 1000ms});
    CHECK(planner.on_exit(0, exit_kind::normal, t0).kind == decision_kind::none);
    CHECK(planner.on_exit(1, exit_kind::failure, t0 + 1ms).kind == decision_kind::restart);
  }

  TEST_CASE("an exit of an unknown child decides nothing") {
    auto planner = make_planner(strategy::one_for_all, {permanent});
    auto decision = planner.on_exit(7, exit_kind::failure, t0);
    CHECK(decision.kind == decision_kind::none);
    CHECK(planner.window().count(t0) == 0);
  }

  TEST_CASE("added children are wanted and removing one moves later children down") {
    restart_planner planner{strategy::rest_for_one, restart_intensity{}};
    CHECK(planner.add_child(permanent) == 0);
    CHECK(planner.add_child(temporary) == 1);
    CHECK(planner.add_child(transient) == 2);
    CHECK(planner.is_wanted(1));
    planner.remove_child(1);
    REQUIRE(planner.size() == 2);
    CHECK(planner.type_of(1) == transient);
    auto decision = planner.on_exit(0, exit_kind::failure, t0);
    CHECK(decision.stop == indices{1});
    CHECK(decision.start == indices{0, 1});
  }

  TEST_CASE("should_restart follows the restart type table") {
    CHECK(should_restart(permanent, exit_kind::normal));
    CHECK(should_restart(permanent, exit_kind::shutdown));
    CHECK(should_restart(permanent, exit_kind::failure));
    CHECK_FALSE(should_restart(transient, exit_kind::normal));
    CHECK_FALSE(should_restart(transient, exit_kind::shutdown));
    CHECK(should_restart(transient, exit_kind::failure));
    CHECK_FALSE(should_restart(temporary, exit_kind::normal));
    CHECK_FALSE(should_restart(temporary, exit_kind::shutdown));
    CHECK_FALSE(should_restart(temporary, exit_kind::failure));
  }
}
