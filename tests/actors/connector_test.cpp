// The connector and listener actors on CAF's test coordinator, over the ISO 8583 factory
// with I/O threads that never run: what the actors do, apart from any socket traffic.

#include "actors/connector.hpp"

#include "actors/directory.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/io/route_board.hpp"
#include "actors/listener.hpp"
#include "tests/actors/actor_fixture.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <doctest/doctest.h>

using namespace switchyard;

namespace {

node_context node_with(boost::asio::io_context& io, config::network_settings network) {
  auto s = std::make_shared<config::gateway_settings>();
  s->networks.push_back(std::move(network));
  node_context node;
  node.settings = s;
  node.io = &io;
  node.routes = std::make_shared<route_board>();
  node.ports = std::make_shared<port_directory>();
  return node;
}

config::network_settings visa() {
  config::network_settings n;
  n.name = "visa";
  n.hosts.push_back({"127.0.0.1", 9, 1});
  n.hosts.push_back({"127.0.0.1", 10, 1});
  return n;
}

} // namespace

TEST_SUITE("connector actor") {
  TEST_CASE("a connector puts its port, announces itself, reports pools and relays health") {
    // Never run (no connection is ever made), and declared first: it must outlive the actors,
    // since a connector stopping at the end posts to it.
    boost::asio::io_context io;
    test::actor_fixture f;
    auto node = node_with(io, visa());
    // The test stands in for the router, the connection manager and the health monitor.
    directory::enter(f.sys, directory::router, caf::actor_cast<router_actor>(f.self));
    directory::enter(f.sys, directory::connection_manager,
                     caf::actor_cast<connection_manager_actor>(f.self));
    directory::enter(f.sys, directory::health_monitor,
                     caf::actor_cast<health_monitor_actor>(f.self));
    auto c = f.stop_at_end(spawn_connector(*f.self.ptr(), visa(), node));
    f.run();
    CHECK(node.ports->find("visa") != nullptr);
    std::string announced;
    std::vector<std::string> pool_hosts;
    for (int i = 0; i < 3; ++i)
      f.self->receive(
        [&](register_atom, const std::string& name, const connector_actor&) { announced = name; },
        [&](register_atom, const pool_stats& p) { pool_hosts.push_back(p.host); },
        caf::after(std::chrono::seconds(0)) >> [] { FAIL("missing a report"); });
    CHECK(announced == "visa");
    CHECK(pool_hosts == std::vector<std::string>{"127.0.0.1:9", "127.0.0.1:10"});
    // The data path's verdicts go to the health monitor, decisive flag and all.
    f.self->send(c, outcome_atom_v, false, std::string{"link down"}, true);
    f.run();
    f.self->receive(
      [&](outcome_atom, const std::string& network, bool ok, const std::string& detail,
          bool decisive) {
        CHECK(network == "visa");
        CHECK_FALSE(ok);
        CHECK(detail == "link down");
        CHECK(decisive);
      },
      caf::after(std::chrono::seconds(0)) >> [] { FAIL("no verdict relayed"); });
    auto stats = f.self->request(c, std::chrono::seconds(1), stats_atom_v);
    f.run();
    stats.receive(
      [&](const connector_stats& s) {
        CHECK(s.network == "visa");
        CHECK(s.requests == 0);
      },
      [&](const caf::error& e) { FAIL(f.sys.render(e)); });
    // Pools are re-reported on every tick, so a restarted manager relearns them.
    f.fire_timers();
    CHECK_FALSE(f.self->mailbox().empty());
  }

  TEST_CASE("a connector whose network cannot run fails, so its supervisor decides") {
    boost::asio::io_context io;
    test::actor_fixture f;
    auto broken = visa();
    broken.dialect = "no-such-dialect";
    auto node = node_with(io, broken);
    auto c = spawn_connector(*f.self.ptr(), broken, node);
    f.self->monitor(c);
    f.run();
    f.self->receive([&](const caf::down_msg& dm) { CHECK(dm.reason != caf::none); },
                    caf::after(std::chrono::seconds(0)) >>
                      [] { FAIL("the connector did not fail"); });
    CHECK(node.ports->find("visa") == nullptr);
  }
}

TEST_SUITE("listener actor") {
  TEST_CASE("a listener binds at once, describes itself and drains on a graceful stop") {
    boost::asio::io_context io;
    test::actor_fixture f;
    auto node = node_with(io, visa());
    config::listener_settings l;
    l.name = "iso8583-test";
    l.port = 0;
    auto listener = spawn_listener(*f.self.ptr(), node, l);
    REQUIRE(listener);
    f.run();
    auto status = f.self->request(listener, std::chrono::seconds(1), describe_atom_v);
    f.run();
    status.receive(
      [&](const listener_status& s) {
        CHECK(s.name == "iso8583-test");
        CHECK(s.protocol == "iso8583");
        CHECK(s.endpoint.starts_with("127.0.0.1:"));
        CHECK(s.endpoint != "127.0.0.1:0");
        CHECK(s.active == 0);
      },
      [&](const caf::error& e) { FAIL(f.sys.render(e)); });
    f.self->monitor(listener);
    caf::anon_send_exit(listener, caf::exit_reason::user_shutdown);
    f.run(); // no session to wait for: drained at the first look
    f.self->receive(
      [&](const caf::down_msg& dm) { CHECK(dm.reason == caf::exit_reason::user_shutdown); },
      caf::after(std::chrono::seconds(0)) >> [] { FAIL("the listener did not stop"); });
  }

  TEST_CASE("a JSON-RPC listener is served by the same listener actor") {
    boost::asio::io_context io;
    test::actor_fixture f;
    auto node = node_with(io, visa());
    config::listener_settings l;
    l.name = "jsonrpc-test";
    l.protocol = config::protocol_kind::jsonrpc;
    auto listener = spawn_listener(*f.self.ptr(), node, l);
    REQUIRE(listener);
    f.run();
    auto status = f.self->request(listener, std::chrono::seconds(1), describe_atom_v);
    f.run();
    status.receive(
      [&](const listener_status& s) {
        CHECK(s.protocol == "jsonrpc");
        CHECK(s.endpoint != "127.0.0.1:0");
      },
      [&](const caf::error& e) { FAIL(f.sys.render(e)); });
    caf::anon_send_exit(listener, caf::exit_reason::user_shutdown);
    f.run();
  }

  TEST_CASE("a listener whose port is taken is not spawned") {
    boost::asio::io_context io;
    test::actor_fixture f;
    auto node = node_with(io, visa());
    boost::asio::ip::tcp::acceptor taken{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
    config::listener_settings l;
    l.name = "jsonrpc-test";
    l.protocol = config::protocol_kind::jsonrpc;
    l.port = taken.local_endpoint().port();
    CHECK_FALSE(spawn_listener(*f.self.ptr(), node, l));
  }
}
