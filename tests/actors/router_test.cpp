// The router on CAF's test coordinator: the only writer of the route board.

#include "actors/router.hpp"

#include "actors/directory.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/io/route_board.hpp"
#include "protocols/iso8583/message.hpp"
#include "tests/actors/actor_fixture.hpp"

#include <doctest/doctest.h>

using namespace switchyard;

namespace {

struct null_port final : network_port {
  void forward(std::vector<exchange_ptr>) override {}
};

node_context two_networks() {
  auto s = std::make_shared<config::gateway_settings>();
  for (auto name : {"visa", "local"}) {
    config::network_settings n;
    n.name = name;
    config::rule_settings r;
    r.is_default = true;
    r.priority = std::string{name} == "visa" ? 10 : 20;
    n.rules.push_back(r);
    s->networks.push_back(n);
  }
  s->networks[0].fallbacks = {"local"};
  node_context node;
  node.settings = s;
  node.routes = std::make_shared<route_board>();
  node.ports = std::make_shared<port_directory>();
  return node;
}

// Routes an ISO 8583 0200 with the board's current snapshot; returns the network's name.
std::string route(const node_context& node) {
  iso8583::message m;
  m.set_mti("0200");
  auto snapshot = node.routes->load();
  auto d = snapshot->table.route(m);
  return d.is_routed() ? std::string{d.network_name} : std::string{"-"};
}

} // namespace

TEST_SUITE("router actor") {
  TEST_CASE("networks become routable as connectors announce themselves and stay healthy") {
    test::actor_fixture f;
    auto node = two_networks();
    auto router = f.stop_at_end(spawn_router(*f.self.ptr(), node));
    f.run();
    CHECK(route(node) == "-"); // no connector yet: nothing available
    auto port = std::make_shared<null_port>();
    node.ports->put("local", port);
    auto local = caf::actor_cast<connector_actor>(f.self);
    f.self->send(router, register_atom_v, std::string{"local"}, local);
    f.run();
    CHECK(route(node) == "local"); // visa has no connector: its fallback takes its traffic
    auto snapshot = node.routes->load();
    CHECK(snapshot->ports.at(*snapshot->table.find("local")) == port);
    auto visa = f.stop_at_end(f.sys.spawn([]() -> caf::behavior {
      return {[](int) {
      }};
    }));
    f.self->send(router, register_atom_v, std::string{"visa"},
                 caf::actor_cast<connector_actor>(visa));
    f.run();
    CHECK(route(node) == "visa");
    f.self->send(router, set_health_atom_v, std::string{"visa"}, false);
    f.run();
    CHECK(route(node) == "local");
    f.self->send(router, set_health_atom_v, std::string{"visa"}, true);
    f.run();
    CHECK(route(node) == "visa");
    // A connector that exits takes its network out of the routes.
    caf::anon_send_exit(visa, caf::exit_reason::kill);
    f.run();
    CHECK(route(node) == "local");
    auto listing = f.self->request(router, std::chrono::seconds(1), networks_atom_v);
    f.run();
    listing.receive(
      [&](const std::vector<network_status>& rows) {
        REQUIRE(rows.size() == 2);
        for (const auto& r : rows)
          CHECK(r.connected == (r.name == "local"));
      },
      [&](const caf::error& e) { FAIL(f.sys.render(e)); });
  }
}
