// Connection pools end to end: overflow connections under load, recycling by age.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

std::string visa_pool(std::uint16_t port, const std::string& pool) {
  return "\n[[networks]]\nname = \"visa\"\nprotocol = \"iso8583\"\n"
         "hosts = [{ address = \"127.0.0.1\", port = "
         + std::to_string(port) + " }]\nrules = [{ default = true }]\n" + pool + "\n";
}

// The visa row of `switchyard-shell pools`.
struct pool_row {
  int open = -1;
  int busy = -1;
  int opened = -1;
  int closed = -1;
  int recycled = -1;
};

pool_row visa_row(const std::string& pools) {
  std::smatch m;
  std::regex row{R"(visa\s+\S+\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*(\d+))"};
  if (!std::regex_search(pools, m, row))
    return {};
  return {std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]), std::stoi(m[4]), std::stoi(m[5])};
}

// Polls the pools table (re-reported every second) until `done` holds, for up to 5 s.
template <class Predicate>
pool_row wait_for_pools(const gateway_process& gw, Predicate done, std::string& last) {
  pool_row r;
  for (int attempt = 0; attempt < 50; ++attempt) {
    last = shell(gw, {"pools"});
    r = visa_row(last);
    if (done(r))
      break;
    std::this_thread::sleep_for(100ms);
  }
  return r;
}

} // namespace

TEST_SUITE("iso8583 pools end to end") {
  TEST_CASE("a busy pool opens an overflow connection, uses it, and closes it once idle") {
    auto sim = start_sim({"--latency-ms", "1500"});
    auto gw
      = start_gateway(iso_node()
                      + visa_pool(sim.port, "pool_size = 1\npool_overflow = 1\n"
                                            "pool_overflow_idle_ms = 2500\ntimeout_ms = 5000"));
    iso_test_client client{gw.iso_port};
    // The request keeps the only connection busy: the pool grows by one meanwhile.
    client.send(make_request("4111111111111111", 100, "000101"));
    REQUIRE(code_of(client.receive(3s)) == "00");
    std::string pools;
    auto grown = wait_for_pools(
      gw, [](const pool_row& r) { return r.open == 2; }, pools);
    INFO(pools);
    REQUIRE(grown.open == 2);
    // Two at once travel on both connections: both are busy while the issuer thinks.
    client.send(make_request("4111111111111111", 100, "000121"));
    client.send(make_request("4111111111111111", 100, "000122"));
    auto both_busy = wait_for_pools(
      gw, [](const pool_row& r) { return r.busy == 2; }, pools);
    INFO(pools);
    CHECK(both_busy.busy == 2);
    CHECK(code_of(client.receive(3s)) == "00");
    CHECK(code_of(client.receive(3s)) == "00");
    auto shrunk = wait_for_pools(
      gw, [](const pool_row& r) { return r.open == 1 && r.closed >= 1; }, pools);
    INFO(pools);
    CHECK(shrunk.open == 1);
    CHECK(shrunk.opened == 2);
    CHECK(shrunk.closed == 1);
    CHECK(shrunk.recycled == 0);
  }

  TEST_CASE("connections past pool_max_age_ms are replaced without losing a request") {
    auto sim = start_sim({"--latency-ms", "uniform:1:20"});
    auto gw
      = start_gateway(iso_node() + visa_pool(sim.port, "pool_size = 2\npool_max_age_ms = 300"));
    iso_test_client client{gw.iso_port};
    int approved = 0;
    int sent = 0;
    auto until = std::chrono::steady_clock::now() + 1500ms;
    while (std::chrono::steady_clock::now() < until) {
      // Two in flight at a time, so both connections carry traffic while they age.
      client.send(make_request("4111111111111111", 100, std::to_string(100000 + sent)));
      client.send(make_request("4111111111111111", 100, std::to_string(200000 + sent)));
      sent += 2;
      approved += code_of(client.receive(2s)) == "00";
      approved += code_of(client.receive(2s)) == "00";
    }
    CHECK(approved == sent);
    std::string pools;
    auto r = wait_for_pools(
      gw, [](const pool_row& p) { return p.recycled >= 2 && p.open == 2; }, pools);
    INFO(pools);
    CHECK(r.recycled >= 2);
    CHECK(r.closed == r.recycled); // nothing dropped: every close was a recycle
    CHECK(r.open == 2);
  }
}
