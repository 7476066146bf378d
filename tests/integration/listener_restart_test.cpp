// Restarting a listener from the shell: it comes back on its configured port every time.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// Returns "STATE RESTARTS" of the status row whose PATH is `path`, or "" when absent.
std::string row_of(const std::string& status, const std::string& path) {
  std::smatch m;
  std::regex row{R"((\S+)\s+(running|restarting|stopping|stopped|failed)\s+(\d+)\s+)" + path
                 + "\n"};
  if (!std::regex_search(status, m, row))
    return {};
  return std::string{m[2]} + " " + std::string{m[3]};
}

} // namespace

TEST_SUITE("listener restarts end to end") {
  TEST_CASE("a listener restarted ten times in a row comes back on its port each time") {
    auto sim = start_sim({});
    auto port = unused_port();
    auto gw = start_gateway("[node]\nname = \"e2e\"\ncluster_port = 0\n\n[[listeners]]\n"
                            "name = \"acq\"\nprotocol = \"iso8583\"\nport = "
                            + std::to_string(port) + "\n"
                            + iso_network("visa", sim.port, "rules = [{ default = true }]"));
    REQUIRE(gw.iso_port == port);
    for (int i = 1; i <= 10; ++i) {
      CAPTURE(i);
      auto killed = shell(gw, {"restart", "listeners/acq"});
      INFO(killed);
      auto expected = "running " + std::to_string(i);
      auto status = shell_until(gw, {"status"}, [&](const std::string& out) {
        return row_of(out, "node/listeners/acq") == expected;
      });
      INFO(status);
      INFO(gw.process->output());
      REQUIRE(row_of(status, "node/listeners/acq") == expected);
      // The new incarnation listens on the same port and answers.
      iso_test_client client{port};
      client.send(make_request("4111111111111111", 100, "00010" + std::to_string(i % 10)));
      REQUIRE(code_of(client.receive(3s)) == "00");
    }
    CHECK(gw.process->output().find("Address already in use") == std::string::npos);
  }
}
