#include "supervision/supervisor.hpp"
#include "tests/supervision/toy_child.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using namespace switchyard::supervision;
using namespace switchyard::supervision::test;

namespace {

using events = std::vector<std::string>;

caf::actor spawn_dynamic(fixture& fx, restart_intensity intensity = {3, 5000ms}) {
  auto sup = spawn_dynamic_supervisor(fx.sys, {"dyn", strategy::one_for_all, intensity});
  fx.self->monitor(sup);
  return sup;
}

caf::expected<caf::actor> start_child(fixture& fx, const caf::actor& sup, child_spec spec) {
  caf::expected<caf::actor> result{caf::make_error(caf::sec::request_timeout)};
  fx.self->request(sup, 3s, start_child_atom_v, std::move(spec))
    .receive([&](caf::actor& child) { result = std::move(child); },
             [&](caf::error& err) { result = std::move(err); });
  return result;
}

caf::error stop_child(fixture& fx, const caf::actor& sup, const std::string& name) {
  caf::error result = caf::make_error(caf::sec::request_timeout);
  fx.self->request(sup, 3s, stop_child_atom_v, name)
    .receive([&](caf::ok_atom) { result = caf::error{}; },
             [&](caf::error& err) { result = std::move(err); });
  return result;
}

std::vector<std::string> paths_of(const std::vector<child_status>& rows) {
  std::vector<std::string> result;
  for (const auto& row : rows)
    result.push_back(row.path);
  return result;
}

} // namespace

TEST_SUITE("dynamic_supervisor") {
  TEST_CASE("start_child starts the child and answers its handle") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    CHECK(paths_of(status_of(fx.self, sup)) == events{"dyn"});
    auto a = start_child(fx, sup, toy_spec("a", fx.observer()));
    auto b = start_child(fx, sup, toy_spec("b", fx.observer()));
    REQUIRE((a && b));
    CHECK(next_events(fx.self, 2) == events{"started:a", "started:b"});
    CHECK(*whereis(fx.self, sup, "a") == *a);
    auto rows = status_of(fx.self, sup);
    CHECK(paths_of(rows) == events{"dyn", "dyn/a", "dyn/b"});
    CHECK(row_at(rows, "dyn/b").actor_id == b->id());
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("start_child refuses a name that is already taken") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    REQUIRE(start_child(fx, sup, toy_spec("a", fx.observer())));
    CHECK(next_event(fx.self) == "started:a");
    auto again = start_child(fx, sup, toy_spec("a", fx.observer()));
    REQUIRE_FALSE(again);
    CHECK(again.error() == supervision_errc::duplicate_child);
    CHECK(next_event(fx.self, 100ms) == "timeout");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a failed start is reported and leaves the name free") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    auto broken = child_spec{"a", [](caf::local_actor&) -> caf::actor {
                               throw std::runtime_error("cannot start");
                             }};
    auto failed = start_child(fx, sup, broken);
    REQUIRE_FALSE(failed);
    CHECK(failed.error() == supervision_errc::start_failed);
    CHECK(paths_of(status_of(fx.self, sup)) == events{"dyn"});
    CHECK(start_child(fx, sup, toy_spec("a", fx.observer())));
    CHECK(next_event(fx.self) == "started:a");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("stop_child stops the child gracefully, removes it and does not restart it") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    REQUIRE(start_child(fx, sup, toy_spec("a", fx.observer())));
    REQUIRE(start_child(fx, sup, toy_spec("b", fx.observer())));
    CHECK(next_events(fx.self, 2) == events{"started:a", "started:b"});
    CHECK_FALSE(stop_child(fx, sup, "a"));
    CHECK(next_event(fx.self) == "stopping:a");
    CHECK(next_event(fx.self, 200ms) == "timeout");
    CHECK(whereis(fx.self, sup, "a").error() == supervision_errc::no_such_child);
    CHECK(paths_of(status_of(fx.self, sup)) == events{"dyn", "dyn/b"});
    CHECK(stop_child(fx, sup, "a") == supervision_errc::no_such_child);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("stop_child kills a child that ignores shutdown after its shutdown timeout") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    auto stubborn = start_child(
      fx, sup, toy_spec("s", fx.observer(), restart_type::permanent, on_exit_msg::ignore, 200ms));
    REQUIRE(stubborn);
    fx.self->monitor(*stubborn);
    auto begin = std::chrono::steady_clock::now();
    CHECK_FALSE(stop_child(fx, sup, "s"));
    CHECK(std::chrono::steady_clock::now() - begin >= 200ms);
    auto down = await_down(fx.self);
    CHECK(down.source == stubborn->address());
    CHECK(down.reason == caf::exit_reason::kill);
    CHECK(next_events(fx.self, 2) == events{"started:s", "stopping:s"});
    CHECK(next_event(fx.self, 200ms) == "timeout");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("retire_child frees the name at once while the old child finishes stopping") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    // The old child takes its time to stop (it ignores the shutdown until killed at 300 ms).
    auto old = start_child(
      fx, sup, toy_spec("a", fx.observer(), restart_type::permanent, on_exit_msg::ignore, 300ms));
    REQUIRE(old);
    CHECK(next_event(fx.self) == "started:a");
    fx.self->monitor(*old);
    caf::error retired = caf::make_error(caf::sec::request_timeout);
    auto begin = std::chrono::steady_clock::now();
    fx.self->request(sup, 3s, retire_child_atom_v, std::string{"a"})
      .receive([&](caf::ok_atom) { retired = caf::error{}; },
               [&](caf::error& err) { retired = std::move(err); });
    CHECK_FALSE(retired);
    CHECK(std::chrono::steady_clock::now() - begin < 250ms);
    CHECK(next_event(fx.self) == "stopping:a");
    // A successor starts under the name while the old one still runs, shown as retiring.
    auto successor = start_child(fx, sup, toy_spec("a", fx.observer()));
    REQUIRE(successor);
    CHECK(next_event(fx.self) == "started:a");
    CHECK(paths_of(status_of(fx.self, sup)) == events{"dyn", "dyn/a~retiring", "dyn/a"});
    CHECK(row_at(status_of(fx.self, sup), "dyn/a~retiring").state == "stopping");
    auto down = await_down(fx.self);
    CHECK(down.source == old->address());
    CHECK(next_event(fx.self, 200ms) == "timeout");
    // Gone for good, not restarted; the successor is the child called "a".
    CHECK(paths_of(status_of(fx.self, sup)) == events{"dyn", "dyn/a"});
    CHECK(*whereis(fx.self, sup, "a") == *successor);
    fx.self->request(sup, 3s, retire_child_atom_v, std::string{"nobody"})
      .receive([&](caf::ok_atom) { retired = caf::error{}; },
               [&](caf::error& err) { retired = std::move(err); });
    CHECK(retired == supervision_errc::no_such_child);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a failing child is restarted alone whatever strategy the settings name") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    auto a = start_child(fx, sup, toy_spec("a", fx.observer()));
    auto b = start_child(fx, sup, toy_spec("b", fx.observer()));
    REQUIRE((a && b));
    CHECK(next_events(fx.self, 2) == events{"started:a", "started:b"});
    fx.self->send(*a, fail_atom::value);
    CHECK(next_event(fx.self) == "started:a");
    CHECK(next_event(fx.self, 200ms) == "timeout");
    CHECK(*whereis(fx.self, sup, "b") == *b);
    CHECK(row_at(status_of(fx.self, sup), "dyn/a").restarts == 1);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a temporary child that exits is removed and its name can be reused") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    auto tmp = start_child(fx, sup, toy_spec("t", fx.observer(), restart_type::temporary));
    REQUIRE(tmp);
    CHECK(next_event(fx.self) == "started:t");
    fx.self->monitor(*tmp);
    fx.self->send(*tmp, fail_atom::value);
    CHECK(await_down(fx.self).source == tmp->address());
    auto only_self = [](const std::vector<child_status>& rows) {
      return rows.size() == 1;
    };
    CHECK(paths_of(status_when(fx.self, sup, only_self)) == events{"dyn"});
    CHECK(start_child(fx, sup, toy_spec("t", fx.observer(), restart_type::temporary)));
    CHECK(next_event(fx.self) == "started:t");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("shutdown stops children in reverse order of addition and refuses new children") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    REQUIRE(start_child(fx, sup, toy_spec("a", fx.observer())));
    REQUIRE(start_child(
      fx, sup, toy_spec("b", fx.observer(), restart_type::permanent, on_exit_msg::ignore, 300ms)));
    REQUIRE(start_child(fx, sup, toy_spec("c", fx.observer())));
    CHECK(next_events(fx.self, 3) == events{"started:a", "started:b", "started:c"});
    fx.self->send_exit(sup, caf::exit_reason::user_shutdown);
    CHECK(next_events(fx.self, 2) == events{"stopping:c", "stopping:b"});
    auto late = start_child(fx, sup, toy_spec("d", fx.observer()));
    REQUIRE_FALSE(late);
    CHECK(late.error() == supervision_errc::shutting_down);
    CHECK(row_at(status_of(fx.self, sup), "dyn").state == "stopping");
    CHECK(next_event(fx.self) == "stopping:a");
    CHECK(await_down(fx.self).reason == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("exceeding the intensity fails the dynamic supervisor upward") {
    fixture fx;
    auto sup = spawn_dynamic(fx, {1, 5000ms});
    REQUIRE(start_child(fx, sup, toy_spec("a", fx.observer())));
    REQUIRE(start_child(fx, sup, toy_spec("b", fx.observer())));
    CHECK(next_events(fx.self, 2) == events{"started:a", "started:b"});
    fx.self->send(*whereis(fx.self, sup, "a"), fail_atom::value);
    CHECK(next_event(fx.self) == "started:a");
    fx.self->send(*whereis(fx.self, sup, "a"), fail_atom::value);
    CHECK(next_event(fx.self) == "stopping:b");
    auto down = await_down(fx.self);
    CHECK(down.reason == supervision_errc::restart_intensity_exceeded);
    CHECK(fx.sys.render(down.reason).find("dyn/a") != std::string::npos);
  }

  TEST_CASE("start_child of a child supervisor answers after its children started") {
    fixture fx;
    auto sup = spawn_dynamic(fx);
    auto observer = fx.observer();
    auto nested
      = child_spec{"pool", [observer](caf::local_actor& parent) {
                     return spawn_supervisor(parent, {"pool"},
                                             {toy_spec("x", observer), toy_spec("y", observer)});
                   }};
    nested.is_supervisor = true;
    REQUIRE(start_child(fx, sup, nested));
    CHECK(next_event(fx.self, 0ms) == "started:x");
    CHECK(next_event(fx.self, 0ms) == "started:y");
    CHECK(paths_of(status_of(fx.self, sup))
          == events{"dyn", "dyn/pool", "dyn/pool/x", "dyn/pool/y"});
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a static supervisor does not accept start_child") {
    fixture fx;
    auto sup = spawn_supervisor(fx.sys, {"static"}, {});
    fx.self->monitor(sup);
    CHECK_FALSE(start_child(fx, sup, toy_spec("a", fx.observer())));
    CHECK(next_event(fx.self, 100ms) == "timeout");
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }
}
