#include "supervision/supervisor.hpp"
#include "tests/supervision/toy_child.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using namespace switchyard::supervision;
using namespace switchyard::supervision::test;

namespace {

using events = std::vector<std::string>;
using steady = std::chrono::steady_clock;

child_spec stubborn_spec(fixture& fx, std::string name, std::chrono::milliseconds timeout) {
  return toy_spec(std::move(name), fx.observer(), restart_type::permanent, on_exit_msg::ignore,
                  timeout);
}

caf::actor spawn_monitored(fixture& fx, supervisor_settings settings,
                           std::vector<child_spec> specs) {
  auto sup = spawn_supervisor(fx.sys, std::move(settings), std::move(specs));
  fx.self->monitor(sup);
  return sup;
}

} // namespace

TEST_SUITE("supervisor shutdown") {
  TEST_CASE("starts children in spec order and stops them in reverse order") {
    fixture fx;
    auto sup = spawn_monitored(
      fx, {"sup"},
      {toy_spec("a", fx.observer()), toy_spec("b", fx.observer()), toy_spec("c", fx.observer())});
    CHECK(next_events(fx.self, 3) == events{"started:a", "started:b", "started:c"});
    fx.self->send_exit(sup, caf::exit_reason::user_shutdown);
    CHECK(next_events(fx.self, 3) == events{"stopping:c", "stopping:b", "stopping:a"});
    auto down = await_down(fx.self);
    CHECK(down.source == sup.address());
    CHECK(down.reason == caf::exit_reason::user_shutdown);
    CHECK(next_event(fx.self, 100ms) == "timeout");
  }

  TEST_CASE("a child that ignores shutdown is killed after its timeout and shutdown finishes") {
    fixture fx;
    auto sup
      = spawn_monitored(fx, {"sup"}, {toy_spec("a", fx.observer()), stubborn_spec(fx, "b", 300ms)});
    CHECK(next_events(fx.self, 2) == events{"started:a", "started:b"});
    auto b = whereis(fx.self, sup, "b");
    REQUIRE(b);
    fx.self->monitor(*b);
    auto begin = steady::now();
    fx.self->send_exit(sup, caf::exit_reason::user_shutdown);
    CHECK(next_event(fx.self) == "stopping:b");
    auto b_down = await_down(fx.self);
    CHECK(b_down.source == b->address());
    CHECK(b_down.reason == caf::exit_reason::kill);
    CHECK(steady::now() - begin >= 300ms);
    CHECK(next_event(fx.self) == "stopping:a");
    auto sup_down = await_down(fx.self);
    CHECK(sup_down.source == sup.address());
    CHECK(sup_down.reason == caf::exit_reason::user_shutdown);
    CHECK(steady::now() - begin < 2s);
  }

  TEST_CASE("a zero shutdown timeout kills the child at once") {
    fixture fx;
    auto sup = spawn_monitored(fx, {"sup"}, {stubborn_spec(fx, "brutal", 0ms)});
    CHECK(next_event(fx.self) == "started:brutal");
    auto begin = steady::now();
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
    CHECK(steady::now() - begin < 900ms);
    CHECK(next_event(fx.self, 100ms) == "timeout");
  }

  TEST_CASE("down messages during shutdown do not trigger restarts") {
    fixture fx;
    auto sup = spawn_monitored(fx, {"sup", strategy::one_for_all},
                               {stubborn_spec(fx, "slow", 300ms), toy_spec("b", fx.observer())});
    CHECK(next_events(fx.self, 2) == events{"started:slow", "started:b"});
    auto b = whereis(fx.self, sup, "b");
    REQUIRE(b);
    fx.self->send(*b, fail_atom::value);
    CHECK(next_event(fx.self) == "stopping:slow");
    fx.self->send_exit(sup, caf::exit_reason::user_shutdown);
    auto down = await_down(fx.self);
    CHECK(down.source == sup.address());
    CHECK(down.reason == caf::exit_reason::user_shutdown);
    CHECK(next_event(fx.self, 200ms) == "timeout");
  }

  TEST_CASE("exits during a group restart are decided after that restart completes") {
    fixture fx;
    auto sup = spawn_monitored(
      fx, {"sup", strategy::rest_for_one},
      {toy_spec("a", fx.observer()), toy_spec("b", fx.observer()), stubborn_spec(fx, "c", 200ms)});
    CHECK(next_events(fx.self, 3) == events{"started:a", "started:b", "started:c"});
    auto a = whereis(fx.self, sup, "a");
    auto b = whereis(fx.self, sup, "b");
    REQUIRE((a && b));
    fx.self->send(*b, fail_atom::value);
    CHECK(next_event(fx.self) == "stopping:c");
    fx.self->send(*a, fail_atom::value);
    CHECK(next_events(fx.self, 7)
          == events{"started:b", "started:c", "stopping:c", "stopping:b", "started:a", "started:b",
                    "started:c"});
    auto rows = status_of(fx.self, sup);
    CHECK(row_at(rows, "sup/a").restarts == 1);
    CHECK(row_at(rows, "sup/b").restarts == 2);
    CHECK(row_at(rows, "sup/c").restarts == 2);
    CHECK(row_at(rows, "sup").state == "running");
    fx.self->send_exit(sup, caf::exit_reason::user_shutdown);
    CHECK(next_events(fx.self, 3) == events{"stopping:c", "stopping:b", "stopping:a"});
    CHECK(await_down(fx.self).reason == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a killed supervisor takes its children down with it") {
    fixture fx;
    auto sup = spawn_monitored(fx, {"sup"}, {toy_spec("a", fx.observer())});
    CHECK(next_event(fx.self) == "started:a");
    auto a = whereis(fx.self, sup, "a");
    REQUIRE(a);
    fx.self->monitor(*a);
    fx.self->send_exit(sup, caf::exit_reason::kill);
    auto first = await_down(fx.self);
    auto second = await_down(fx.self);
    CHECK(first.reason == caf::exit_reason::kill);
    CHECK(second.reason == caf::exit_reason::kill);
    CHECK((first.source == a->address() || second.source == a->address()));
  }

  TEST_CASE("a normal exit message from a linked actor does not stop the supervisor") {
    fixture fx;
    auto sup = spawn_monitored(fx, {"sup"}, {toy_spec("a", fx.observer())});
    CHECK(next_event(fx.self) == "started:a");
    fx.self->send_exit(sup, caf::exit_reason::normal);
    CHECK(whereis(fx.self, sup, "a"));
    CHECK(row_at(status_of(fx.self, sup), "sup").state == "running");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("shutting down a parent stops its child supervisor's children in reverse order") {
    fixture fx;
    auto observer = fx.observer();
    auto inner
      = child_spec{"inner", [observer](caf::local_actor& parent) {
                     return spawn_supervisor(parent, {"inner"},
                                             {toy_spec("x", observer), toy_spec("y", observer)});
                   }};
    inner.is_supervisor = true;
    auto sup
      = spawn_monitored(fx, {"outer"}, {toy_spec("a", observer), inner, toy_spec("z", observer)});
    CHECK(next_events(fx.self, 4) == events{"started:a", "started:x", "started:y", "started:z"});
    fx.self->send_exit(sup, caf::exit_reason::user_shutdown);
    CHECK(next_events(fx.self, 4)
          == events{"stopping:z", "stopping:y", "stopping:x", "stopping:a"});
    CHECK(await_down(fx.self).reason == caf::exit_reason::user_shutdown);
  }
}
