// The health monitor on CAF's test coordinator: outcomes become verdicts for the router.

#include "actors/health_monitor.hpp"

#include "actors/directory.hpp"
#include "tests/actors/actor_fixture.hpp"

#include <doctest/doctest.h>

using namespace switchyard;

namespace {

std::shared_ptr<const config::gateway_settings> one_network(std::uint32_t unhealthy_threshold) {
  auto s = std::make_shared<config::gateway_settings>();
  config::network_settings n;
  n.name = "visa";
  n.health_check.unhealthy_threshold = unhealthy_threshold;
  n.health_check.healthy_threshold = 2;
  s->networks.push_back(n);
  return s;
}

struct verdict {
  std::string network;
  bool healthy = true;
};

} // namespace

TEST_SUITE("health_monitor actor") {
  TEST_CASE("failures past the threshold, and a decisive success, reach the router at once") {
    test::actor_fixture f;
    // The test stands in for the router.
    directory::enter(f.sys, directory::router, caf::actor_cast<router_actor>(f.self));
    auto hm = f.stop_at_end(spawn_health_monitor(*f.self.ptr(), one_network(3)));
    f.run();
    for (int i = 0; i < 2; ++i)
      f.self->send(hm, outcome_atom_v, std::string{"visa"}, false, std::string{"link down"});
    f.run();
    CHECK(f.self->mailbox().empty()); // two failures: below the threshold, no verdict
    f.self->send(hm, outcome_atom_v, std::string{"visa"}, false, std::string{"link down"});
    f.run();
    verdict v;
    f.self->receive(
      [&](set_health_atom, const std::string& network, bool healthy) {
        v = {network, healthy};
      },
      caf::after(std::chrono::seconds(0)) >> [] { FAIL("no verdict"); });
    CHECK(v.network == "visa");
    CHECK_FALSE(v.healthy);
    // One ordinary success is below healthy_threshold 2; a decisive one is enough.
    f.self->send(hm, outcome_atom_v, std::string{"visa"}, true, std::string{"probe ok"});
    f.run();
    CHECK(f.self->mailbox().empty());
    f.self->send(hm, outcome_atom_v, std::string{"visa"}, true, std::string{"link up"}, true);
    f.run();
    f.self->receive(
      [&](set_health_atom, const std::string& network, bool healthy) {
        v = {network, healthy};
      },
      caf::after(std::chrono::seconds(0)) >> [] { FAIL("no verdict"); });
    CHECK(v.healthy);
    auto report = f.self->request(hm, std::chrono::seconds(1), health_atom_v);
    f.run();
    report.receive(
      [&](const std::vector<network_health>& rows) {
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].healthy);
        CHECK(rows[0].reports == 5);
        CHECK(rows[0].last_detail == "link down");
      },
      [&](const caf::error& e) { FAIL(f.sys.render(e)); });
  }

  TEST_CASE("a network it was never told of is tracked from its first report") {
    test::actor_fixture f;
    directory::enter(f.sys, directory::router, caf::actor_cast<router_actor>(f.self));
    auto hm = f.stop_at_end(spawn_health_monitor(*f.self.ptr(), one_network(1)));
    f.run();
    f.self->send(hm, outcome_atom_v, std::string{"added-later"}, false, std::string{"down"});
    f.run();
    auto report = f.self->request(hm, std::chrono::seconds(1), health_atom_v);
    f.run();
    report.receive(
      [&](const std::vector<network_health>& rows) {
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].network == "added-later");
      },
      [&](const caf::error& e) { FAIL(f.sys.render(e)); });
  }
}
