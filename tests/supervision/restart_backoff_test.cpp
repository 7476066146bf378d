#include "supervision/restart_policy.hpp"
#include "supervision/supervisor.hpp"
#include "tests/supervision/toy_child.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

using namespace std::chrono_literals;
using namespace switchyard::supervision;
using namespace switchyard::supervision::test;

namespace {

using clock_type = std::chrono::steady_clock;

/// Start times of a child, written on the supervisor's thread and read by the test.
struct attempt_log {
  std::mutex mutex;
  std::vector<clock_type::time_point> times;

  std::size_t record() {
    std::lock_guard guard{mutex};
    times.push_back(clock_type::now());
    return times.size();
  }

  std::vector<clock_type::time_point> snapshot() {
    std::lock_guard guard{mutex};
    return times;
  }
};

} // namespace

TEST_SUITE("restart backoff") {
  TEST_CASE("the wait after failed restarts doubles from the first and stops at the maximum") {
    restart_backoff backoff{50ms, 400ms};
    CHECK(restart_delay(backoff, 1) == 50ms);
    CHECK(restart_delay(backoff, 2) == 100ms);
    CHECK(restart_delay(backoff, 3) == 200ms);
    CHECK(restart_delay(backoff, 4) == 400ms);
    CHECK(restart_delay(backoff, 5) == 400ms);
    CHECK(restart_delay(backoff, 1000) == 400ms);
    CHECK(restart_delay(restart_backoff{}, 1) == 50ms);
  }

  TEST_CASE("a failed restart is retried after a growing wait, not at once, until it starts") {
    fixture fx;
    auto toy = toy_spec("flaky", fx.observer());
    auto attempts = std::make_shared<attempt_log>();
    // Starts, then fails the first two restarts (a port still taken), then starts again.
    child_spec flaky{"flaky", [toy, attempts](caf::local_actor& sup) -> caf::actor {
                       auto n = attempts->record();
                       if (n == 2 || n == 3)
                         return {};
                       return toy.start(sup);
                     }};
    auto sup = spawn_supervisor(
      fx.sys, supervisor_settings{"sup", strategy::one_for_one, {10, 5000ms}}, {flaky});
    fx.self->monitor(sup);
    REQUIRE(next_event(fx.self) == "started:flaky");
    auto child = whereis(fx.self, sup, "flaky");
    REQUIRE(child);
    fx.self->send(*child, fail_atom::value);
    CHECK(next_event(fx.self, 3000ms) == "started:flaky");
    auto times = attempts->snapshot();
    REQUIRE(times.size() == 4);
    CHECK(times[2] - times[1] >= 45ms);
    CHECK(times[3] - times[2] >= 95ms);
    auto rows = status_of(fx.self, sup);
    CHECK(row_at(rows, "sup/flaky").state == "running");
    CHECK(row_at(rows, "sup/flaky").restarts == 1);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }
}
