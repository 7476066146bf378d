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

std::vector<std::string> paths_of(const std::vector<child_status>& rows) {
  std::vector<std::string> result;
  for (const auto& row : rows)
    result.push_back(row.path);
  return result;
}

child_spec nested_spec(const caf::actor& observer, restart_intensity intensity = {}) {
  auto start = [observer, intensity](caf::local_actor& parent) {
    return spawn_supervisor(parent, {"connectors", strategy::one_for_all, intensity},
                            {toy_spec("visa", observer), toy_spec("mc", observer)});
  };
  return child_spec{"connectors", start, restart_type::permanent, 2000ms, true};
}

/// A child that claims to be a supervisor but never answers status requests.
caf::behavior mute(caf::event_based_actor* self) {
  return {
    [=](status_atom) { return self->make_response_promise(); },
    [](ready_atom) { return caf::ok_atom_v; },
  };
}

} // namespace

TEST_SUITE("supervisor status") {
  TEST_CASE("lists the supervisor first, then its children, splicing nested supervisors") {
    fixture fx;
    auto sup = spawn_supervisor(fx.sys, {"node"},
                                {nested_spec(fx.observer()), toy_spec("admin", fx.observer())});
    fx.self->monitor(sup);
    CHECK(next_events(fx.self, 3) == events{"started:visa", "started:mc", "started:admin"});
    auto rows = status_of(fx.self, sup);
    CHECK(paths_of(rows)
          == events{"node", "node/connectors", "node/connectors/visa", "node/connectors/mc",
                    "node/admin"});
    CHECK(rows[0].is_supervisor);
    CHECK(rows[0].actor_id == sup.id());
    CHECK(rows[1].is_supervisor);
    CHECK_FALSE(rows[2].is_supervisor);
    for (const auto& row : rows) {
      CHECK(row.state == "running");
      CHECK(row.actor_id != 0);
    }
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("restart counts of nested children show in the parent's status") {
    fixture fx;
    auto sup = spawn_supervisor(fx.sys, {"node"}, {nested_spec(fx.observer())});
    fx.self->monitor(sup);
    CHECK(next_events(fx.self, 2) == events{"started:visa", "started:mc"});
    auto connectors = whereis(fx.self, sup, "connectors");
    REQUIRE(connectors);
    auto visa = whereis(fx.self, *connectors, "visa");
    REQUIRE(visa);
    fx.self->send(*visa, fail_atom::value);
    CHECK(next_events(fx.self, 3) == events{"stopping:mc", "started:visa", "started:mc"});
    auto rows = status_of(fx.self, sup);
    CHECK(row_at(rows, "node/connectors/visa").restarts == 1);
    CHECK(row_at(rows, "node/connectors/mc").restarts == 1);
    CHECK(row_at(rows, "node/connectors").restarts == 0);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a child supervisor that fails upward is restarted by its parent") {
    fixture fx;
    auto sup = spawn_supervisor(fx.sys, {"node"}, {nested_spec(fx.observer(), {0, 5000ms})});
    fx.self->monitor(sup);
    CHECK(next_events(fx.self, 2) == events{"started:visa", "started:mc"});
    auto connectors = whereis(fx.self, sup, "connectors");
    REQUIRE(connectors);
    auto visa = whereis(fx.self, *connectors, "visa");
    REQUIRE(visa);
    fx.self->send(*visa, fail_atom::value);
    CHECK(next_events(fx.self, 3) == events{"stopping:mc", "started:visa", "started:mc"});
    auto rows = status_of(fx.self, sup);
    CHECK(row_at(rows, "node/connectors").restarts == 1);
    CHECK(row_at(rows, "node/connectors/visa").restarts == 0);
    CHECK(*whereis(fx.self, sup, "connectors") != *connectors);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("a child supervisor that does not answer in time still has its row") {
    fixture fx;
    auto spec = child_spec{"mute", [](caf::local_actor& parent) {
                             return parent.spawn(mute);
                           }};
    spec.is_supervisor = true;
    auto sup
      = spawn_supervisor(fx.sys, supervisor_settings{"node", strategy::one_for_one, {}, 200ms},
                         {spec, toy_spec("admin", fx.observer())});
    fx.self->monitor(sup);
    CHECK(next_event(fx.self) == "started:admin");
    auto begin = std::chrono::steady_clock::now();
    auto rows = status_of(fx.self, sup);
    CHECK(std::chrono::steady_clock::now() - begin < 2s);
    CHECK(paths_of(rows) == events{"node", "node/mute", "node/admin"});
    CHECK(row_at(rows, "node/mute").state == "running");
    CHECK(row_at(rows, "node/mute").is_supervisor);
    CHECK(shut_down(fx.self, sup) == caf::exit_reason::user_shutdown);
  }

  TEST_CASE("status rows survive serialization once the supervision types are registered") {
    fixture fx;
    std::vector<child_status> rows{{"node", "running", 0, 7, true},
                                   {"node/a", "failed", 3, 0, false}};
    auto msg = caf::make_message(rows);
    std::vector<char> buf;
    caf::binary_serializer sink{fx.sys, buf};
    REQUIRE_FALSE(sink(msg));
    caf::message copy;
    caf::binary_deserializer source{fx.sys, buf};
    REQUIRE_FALSE(source(copy));
    REQUIRE(copy.match_element<std::vector<child_status>>(0));
    CHECK(copy.get_as<std::vector<child_status>>(0) == rows);
  }

  TEST_CASE("supervision errors render with their code name and context") {
    fixture fx;
    auto err = caf::make_error(supervision_errc::duplicate_child, "visa");
    CHECK(fx.sys.render(err) == R"(supervision_errc::duplicate_child("visa"))");
    CHECK(to_string(supervision_errc::restart_intensity_exceeded) == "restart_intensity_exceeded");
    CHECK(err.category() == supervision_error_category);
  }
}
