// Cluster membership between real node processes on loopback: joining through seeds (with
// retries while a seed is not up yet), symmetric membership learned through one seed, loss
// of a killed or hung node within the heartbeat timeout, rejoining after a restart, and a
// node whose name is taken being refused.

#include "tests/integration/gateway_fixture.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <vector>

namespace {

using namespace switchyard::testing;

// Heartbeats every 200 ms, a silent peer is gone after 1 s.
std::string cluster_node(const std::string& name, std::uint16_t port,
                         const std::vector<std::uint16_t>& seeds) {
  std::string seed_list;
  for (auto seed : seeds)
    seed_list
      += std::string{seed_list.empty() ? "" : ", "} + "\"127.0.0.1:" + std::to_string(seed) + "\"";
  return "[node]\nname = \"" + name + "\"\ncluster_port = " + std::to_string(port)
         + "\n\n[cluster]\nseeds = [" + seed_list
         + "]\nheartbeat_interval_ms = 200\nconnection_timeout_ms = 1000\n\n"
           "[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n";
}

std::string endpoint(std::uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

// The STATE column of `name`'s row in `gw`'s `nodes` output, once it equals `state` (or what
// it was when the attempts ran out).
std::string member_state(const gateway_process& gw, const std::string& name, std::uint16_t port,
                         const std::string& state, int attempts = 60) {
  auto out = shell_until(
    gw, {"nodes"},
    [&](const std::string& o) {
      auto row = table_row(o, {name, endpoint(port)});
      return row.size() > 2 && row[2] == state;
    },
    attempts);
  auto row = table_row(out, {name, endpoint(port)});
  return row.size() > 2 ? row[2] : "missing in:\n" + out;
}

} // namespace

TEST_CASE("three nodes form a cluster through seeds and notice a node's death and return") {
  auto pa = unused_port();
  auto pb = unused_port();
  auto pc = unused_port();
  // C knows only B, B only A, A only itself: all three must still learn of each other.
  // C starts first, while its seed is down, so it has to retry.
  auto c = start_gateway(cluster_node("c", pc, {pb}));
  auto b = start_gateway(cluster_node("b", pb, {pa}));
  auto a = start_gateway(cluster_node("a", pa, {pa}));

  CHECK(member_state(a, "a", pa, "self") == "self");
  CHECK(member_state(a, "b", pb, "up") == "up");
  CHECK(member_state(a, "c", pc, "up") == "up");
  CHECK(member_state(b, "a", pa, "up") == "up");
  CHECK(member_state(b, "c", pc, "up") == "up");
  CHECK(member_state(c, "a", pa, "up") == "up");
  CHECK(member_state(c, "b", pb, "up") == "up");
  CHECK(c.process->wait_for_line("cannot join " + endpoint(pb), std::chrono::seconds(1)));

  SUBCASE("a killed node is unreachable at once and joins again after its restart") {
    // On b, the node c dialed (its seed): there CAF took b for lost with c.
    child_process watcher{bin_path("switchyard-shell"), {"--connect", b.admin, "watch"}};
    REQUIRE(watcher.wait_for_line("watching node b", std::chrono::seconds(10)));
    c.process->signal(SIGKILL);
    c.process->wait(std::chrono::seconds(5));
    auto killed = std::chrono::steady_clock::now();
    CHECK(member_state(a, "c", pc, "unreachable", 40) == "unreachable");
    CHECK(member_state(b, "c", pc, "unreachable", 40) == "unreachable");
    CHECK(std::chrono::steady_clock::now() - killed < std::chrono::seconds(4));
    // Losing c must not cost a and b each other (CAF 0.17 reports their links lost too).
    CHECK_FALSE(a.process->wait_for_line("node b at " + endpoint(pb) + " unreachable",
                                         std::chrono::milliseconds(300)));
    CHECK_FALSE(b.process->wait_for_line("node a at " + endpoint(pa) + " unreachable",
                                         std::chrono::milliseconds(300)));
    CHECK(member_state(a, "b", pb, "up") == "up");

    c = start_gateway(cluster_node("c", pc, {pb}));
    CHECK(member_state(a, "c", pc, "up") == "up");
    CHECK(member_state(b, "c", pc, "up") == "up");
    CHECK(member_state(c, "a", pa, "up") == "up");
    // A shell watching b saw both, and watches on.
    CHECK(watcher.wait_for_line("node b: cluster: node c at " + endpoint(pc) + " unreachable",
                                std::chrono::seconds(5)));
    CHECK(watcher.wait_for_line("node b: cluster: node c at " + endpoint(pc) + " joined",
                                std::chrono::seconds(5)));
    CHECK_FALSE(watcher.wait(std::chrono::milliseconds(100)).has_value());
    watcher.signal(SIGINT);
    CHECK(watcher.wait(std::chrono::seconds(5)) == 0);
  }

  SUBCASE("a hung node is found out by heartbeats and comes back when it resumes") {
    b.process->signal(SIGSTOP);
    CHECK(member_state(a, "b", pb, "unreachable", 60) == "unreachable");
    CHECK(member_state(c, "b", pb, "unreachable", 60) == "unreachable");
    b.process->signal(SIGCONT);
    CHECK(member_state(a, "b", pb, "up") == "up");
    CHECK(member_state(b, "a", pa, "up") == "up");
  }

  SUBCASE("a node whose name is taken is refused and the cluster keeps the first") {
    auto pd = unused_port();
    auto d = start_gateway(cluster_node("b", pd, {pa}));
    auto refused = d.process->wait_for_line("is taken by the node at " + endpoint(pb),
                                            std::chrono::seconds(10));
    CHECK(refused.has_value());
    CHECK(member_state(a, "b", pb, "up") == "up");
    CHECK(table_row(shell(a, {"nodes"}), {"b", endpoint(pd)}).empty());
  }
}

TEST_CASE("a shell watching a node watches on when a node that joined it dies") {
  auto p1 = unused_port();
  auto p3 = unused_port();
  auto n1 = start_gateway(cluster_node("n1", p1, {p1}));
  auto n3 = start_gateway(cluster_node("n3", p3, {p1}));
  CHECK(member_state(n1, "n3", p3, "up") == "up");
  child_process watcher{bin_path("switchyard-shell"), {"--connect", n1.admin, "watch"}};
  REQUIRE(watcher.wait_for_line("watching node n1", std::chrono::seconds(10)));
  n3.process->signal(SIGKILL);
  CHECK(watcher.wait_for_line("node n1: cluster: node n3 at " + endpoint(p3) + " unreachable",
                              std::chrono::seconds(5)));
  // CAF 0.17 took n1 for lost too in this shell; it must reconnect and watch on.
  CHECK_FALSE(watcher.wait(std::chrono::seconds(1)).has_value());
  n3 = start_gateway(cluster_node("n3", p3, {p1}));
  // n3 rejoins through its seed with backoff: generous on a loaded machine.
  CHECK(watcher.wait_for_line("node n1: cluster: node n3 at " + endpoint(p3) + " joined",
                              std::chrono::seconds(30)));
  watcher.signal(SIGINT);
  CHECK(watcher.wait(std::chrono::seconds(5)) == 0);
}
