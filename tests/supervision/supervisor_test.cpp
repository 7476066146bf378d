#include "supervision/supervisor.hpp"

#include "tests/supervision/toy_child.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using namespace switchyard::supervision;
using namespace switchyard::supervision::test;

namespace {

using events = std::vector<std::string>;

caf::actor spawn_toys(fixture& fx, strategy strat, const std::vector<std::string>& names,
                      restart_intensity intensity = {3, 5000ms}) {
  std::vector<child_spec> specs;
  for (const auto& name : names)
    specs.push_back(toy_spec(name, fx.observer()));
  auto sup = spawn_supervisor(fx.sys, supervisor_settings{"sup", strat, intensity}, specs);
  fx.self->monitor(sup);
  return sup;
}

/// Makes the child `name` of `sup` fail in the way `Atom` selects.
template <class Atom>
void provoke(fixture& fx, const caf::actor& sup, const std::string& name) {
  auto child = whereis(fx.self, sup, name);
  REQUIRE(child);
  fx.self->send(*child, Atom::value);
}

} // namespace

TEST_SUITE("supervisor") {
  TEST_CASE("one_for_one restarts only the failed child") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::one_for_one, {"a", "b", "c"});
    CHECK(next_events(fx.self, 3) == events{"started:a", "started:b", "started:c"});
    auto a = whereis(fx.self, sup, "a");
    auto b = whereis(fx.self, sup, "b");
    provoke<fail_atom>(fx, sup, "b");
    CHECK(next_event(fx.self) == "started:b");
    CHECK(next_event(fx.self, 200ms) == "timeout");
    CHECK(*whereis(fx.self, sup, "a") == *a);
    CHECK(*whereis(fx.self, sup, "b") != *b);
    auto rows = status_of(fx.self, sup);
    CHECK(row_at(rows, "sup/b").restarts == 1);
    CHECK(row_at(rows, "sup/a").restarts == 0);
    CHECK(row_at(rows, "sup/b").state == "running");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("one_for_all stops the others in reverse order and restarts everyone in order") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::one_for_all, {"a", "b", "c"});
    CHECK(next_events(fx.self, 3) == events{"started:a", "started:b", "started:c"});
    provoke<fail_atom>(fx, sup, "b");
    CHECK(next_events(fx.self, 5)
          == events{"stopping:c", "stopping:a", "started:a", "started:b", "started:c"});
    auto rows = status_of(fx.self, sup);
    for (const auto* path : {"sup/a", "sup/b", "sup/c"})
      CHECK(row_at(rows, path).restarts == 1);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("rest_for_one restarts the failed child and the children started after it") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::rest_for_one, {"a", "b", "c", "d"});
    CHECK(next_events(fx.self, 4) == events{"started:a", "started:b", "started:c", "started:d"});
    auto a = whereis(fx.self, sup, "a");
    provoke<fail_atom>(fx, sup, "b");
    CHECK(next_events(fx.self, 5)
          == events{"stopping:d", "stopping:c", "started:b", "started:c", "started:d"});
    CHECK(next_event(fx.self, 200ms) == "timeout");
    CHECK(*whereis(fx.self, sup, "a") == *a);
    CHECK(row_at(status_of(fx.self, sup), "sup/a").restarts == 0);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a permanent child is restarted even after a normal exit") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::one_for_one, {"p"});
    CHECK(next_event(fx.self) == "started:p");
    provoke<finish_atom>(fx, sup, "p");
    CHECK(next_event(fx.self) == "started:p");
    CHECK(row_at(status_of(fx.self, sup), "sup/p").restarts == 1);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a transient child is restarted after a failure but not after a normal exit") {
    fixture fx;
    auto sup = spawn_supervisor(fx.sys, supervisor_settings{"sup"},
                                {toy_spec("t1", fx.observer(), restart_type::transient),
                                 toy_spec("t2", fx.observer(), restart_type::transient)});
    fx.self->monitor(sup);
    CHECK(next_events(fx.self, 2) == events{"started:t1", "started:t2"});
    provoke<fail_atom>(fx, sup, "t1");
    CHECK(next_event(fx.self) == "started:t1");
    provoke<finish_atom>(fx, sup, "t2");
    CHECK(next_event(fx.self, 300ms) == "timeout");
    auto rows = status_when(fx.self, sup,
                            [](const auto& xs) { return row_at(xs, "sup/t2").state != "running"; });
    CHECK(row_at(rows, "sup/t2").state == "stopped");
    CHECK(row_at(rows, "sup/t2").actor_id == 0);
    CHECK(whereis(fx.self, sup, "t2").error() == supervision_errc::no_such_child);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a temporary child is not restarted after a failure") {
    fixture fx;
    auto sup = spawn_supervisor(
      fx.sys, supervisor_settings{"sup", strategy::one_for_all},
      {toy_spec("keep", fx.observer()), toy_spec("tmp", fx.observer(), restart_type::temporary)});
    fx.self->monitor(sup);
    CHECK(next_events(fx.self, 2) == events{"started:keep", "started:tmp"});
    provoke<fail_atom>(fx, sup, "tmp");
    CHECK(next_event(fx.self, 300ms) == "timeout");
    auto rows = status_when(
      fx.self, sup, [](const auto& xs) { return row_at(xs, "sup/tmp").state != "running"; });
    CHECK(row_at(rows, "sup/tmp").state == "failed");
    CHECK(row_at(rows, "sup/tmp").restarts == 0);
    CHECK(row_at(rows, "sup/keep").state == "running");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a child that throws is restarted") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::one_for_one, {"thrower"});
    CHECK(next_event(fx.self) == "started:thrower");
    provoke<throw_atom>(fx, sup, "thrower");
    CHECK(next_event(fx.self) == "started:thrower");
    CHECK(row_at(status_of(fx.self, sup), "sup/thrower").restarts == 1);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("exceeding the intensity stops the children in reverse order and fails upward") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::one_for_one, {"a", "b", "c"}, {2, 5000ms});
    CHECK(next_events(fx.self, 3) == events{"started:a", "started:b", "started:c"});
    for (int i = 0; i < 2; ++i) {
      provoke<fail_atom>(fx, sup, "b");
      CHECK(next_event(fx.self) == "started:b");
    }
    provoke<fail_atom>(fx, sup, "b");
    CHECK(next_events(fx.self, 2) == events{"stopping:c", "stopping:a"});
    auto down = await_down(fx.self);
    CHECK(down.source == sup.address());
    CHECK(down.reason == supervision_errc::restart_intensity_exceeded);
    auto text = fx.sys.render(down.reason);
    CHECK(text.find("restart_intensity_exceeded") != std::string::npos);
    CHECK(text.find("sup/b") != std::string::npos);
    CHECK(text.find("2 restarts within 5000ms") != std::string::npos);
  }

  TEST_CASE("restarts older than the intensity period no longer count") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::one_for_one, {"a"}, {1, 150ms});
    CHECK(next_event(fx.self) == "started:a");
    provoke<fail_atom>(fx, sup, "a");
    CHECK(next_event(fx.self) == "started:a");
    std::this_thread::sleep_for(200ms); // lets the first restart leave the window
    provoke<fail_atom>(fx, sup, "a");
    CHECK(next_event(fx.self) == "started:a");
    CHECK(row_at(status_of(fx.self, sup), "sup/a").restarts == 2);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a failing initial start stops the started children and fails with start_failed") {
    fixture fx;
    auto broken = child_spec{"broken", [](caf::local_actor&) -> caf::actor {
                               throw std::runtime_error("cannot start");
                             }};
    auto sup
      = spawn_supervisor(fx.sys, supervisor_settings{"sup"},
                         {toy_spec("a", fx.observer()), broken, toy_spec("c", fx.observer())});
    fx.self->monitor(sup);
    CHECK(next_events(fx.self, 2) == events{"started:a", "stopping:a"});
    auto down = await_down(fx.self);
    CHECK(down.reason == supervision_errc::start_failed);
    CHECK(fx.sys.render(down.reason).find("sup/broken") != std::string::npos);
    CHECK(next_event(fx.self, 200ms) == "timeout");
  }

  TEST_CASE("a child whose start function returns no actor counts as a failed start") {
    fixture fx;
    auto sup = spawn_supervisor(fx.sys, supervisor_settings{"sup"},
                                {child_spec{"null", [](caf::local_actor&) {
                                              return caf::actor{};
                                            }}});
    fx.self->monitor(sup);
    CHECK(await_down(fx.self).reason == supervision_errc::start_failed);
  }

  TEST_CASE("whereis answers the current handle and no_such_child for unknown names") {
    fixture fx;
    auto sup = spawn_toys(fx, strategy::one_for_one, {"a"});
    CHECK(next_event(fx.self) == "started:a");
    auto a = whereis(fx.self, sup, "a");
    REQUIRE(a);
    fx.self->request(*a, 1s, caf::ping_atom_v)
      .receive([](caf::pong_atom) {},
               [](caf::error& err) { FAIL("toy did not answer: " << caf::to_string(err)); });
    auto missing = whereis(fx.self, sup, "nope");
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == supervision_errc::no_such_child);
    CHECK(fx.sys.render(missing.error()) == R"(supervision_errc::no_such_child("nope"))");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }
}
