// The connection manager on CAF's test coordinator: the pool table of every connector.

#include "actors/connection_manager.hpp"

#include "tests/actors/actor_fixture.hpp"

#include <doctest/doctest.h>

using namespace switchyard;

namespace {

pool_stats row(std::string network, std::string host, std::uint32_t open) {
  pool_stats p;
  p.network = std::move(network);
  p.host = std::move(host);
  p.size = 2;
  p.open = open;
  return p;
}

std::vector<pool_stats> pools(test::actor_fixture& f, const connection_manager_actor& cm) {
  std::vector<pool_stats> out;
  auto reply = f.self->request(cm, std::chrono::seconds(1), pools_atom_v);
  f.run();
  reply.receive([&](std::vector<pool_stats>& rows) { out = std::move(rows); },
                [&](const caf::error& e) { FAIL(f.sys.render(e)); });
  return out;
}

} // namespace

TEST_SUITE("connection_manager actor") {
  TEST_CASE("pools are kept by network and host, replaced by newer reports, and withdrawn") {
    test::actor_fixture f;
    auto cm = f.stop_at_end(spawn_connection_manager(*f.self.ptr()));
    f.self->send(cm, register_atom_v, row("visa", "127.0.0.1:9583", 1));
    f.self->send(cm, register_atom_v, row("visa", "127.0.0.1:9584", 0));
    f.self->send(cm, register_atom_v, row("amex", "127.0.0.1:9600", 2));
    f.self->send(cm, register_atom_v, row("visa", "127.0.0.1:9583", 2));
    f.run();
    auto rows = pools(f, cm);
    REQUIRE(rows.size() == 3);
    auto visa = std::count_if(rows.begin(), rows.end(), [](const pool_stats& p) {
      return p.network == "visa" && p.host == "127.0.0.1:9583" && p.open == 2;
    });
    CHECK(visa == 1);
    f.self->send(cm, unregister_atom_v, std::string{"visa"});
    f.run();
    rows = pools(f, cm);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].network == "amex");
  }
}
