// switchyard-shell --json: every reply is one JSON value with the field names of
// actors/messages.hpp, and its numbers are the node's.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <boost/json.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>

using namespace switchyard::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// Runs `switchyard-shell --json COMMAND` and parses what it printed (standard output and
// error together: anything but JSON fails the parse).
json::value shell_json(const gateway_process& gw, const std::vector<std::string>& command) {
  std::vector<std::string> args{"--connect", gw.admin, "--json"};
  args.insert(args.end(), command.begin(), command.end());
  auto result = run(bin_path("switchyard-shell"), args);
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  json::error_code ec;
  auto value = json::parse(result.output, ec);
  REQUIRE_MESSAGE(!ec, "not JSON: " << result.output);
  return value;
}

std::set<std::string> keys_of(const json::value& v) {
  std::set<std::string> keys;
  for (const auto& kv : v.as_object())
    keys.insert(std::string{kv.key()});
  return keys;
}

// The element of `array` whose `field` is `value`; null when none.
json::value find_by(const json::value& array, const char* field, const std::string& value) {
  for (const auto& x : array.as_array())
    if (x.as_object().at(field).as_string() == value)
      return x;
  return nullptr;
}

std::string text(const json::value& v, const char* field) {
  return std::string{v.as_object().at(field).as_string()};
}

std::int64_t number(const json::value& v, const char* field) {
  return v.as_object().at(field).to_number<std::int64_t>();
}

const std::set<std::string> network_fields{"name",      "protocol", "hosts", "fallbacks", "rules",
                                           "connected", "healthy",  "node",  "transforms"};

} // namespace

TEST_SUITE("switchyard-shell --json") {
  TEST_CASE("each command prints one JSON value whose fields are the node's state") {
    auto sim = start_sim({});
    auto gw = start_gateway(
      iso_node() + iso_network("visa", sim.port, "rules = [{ bin_range = \"400000-499999\" }]")
      + iso_network("mastercard", unused_port(), "rules = [{ bin_range = \"510000-559999\" }]"));
    iso_test_client client{gw.iso_port};
    for (int i = 0; i < 3; ++i) {
      client.send(make_request("4111111111111111", 100, "00002" + std::to_string(i)));
      REQUIRE(code_of(client.receive(3s)) == "00");
    }
    auto sim_host = "127.0.0.1:" + std::to_string(sim.port);

    auto status = shell_json(gw, {"status"});
    CHECK(keys_of(status)
          == std::set<std::string>{"node", "version", "uptime_ms", "cluster_port", "actors",
                                   "networks"});
    CHECK(text(status, "node") == "e2e");
    CHECK(number(status, "uptime_ms") > 0);
    auto visa_actor = find_by(status.at("actors"), "path", "node/connectors/visa");
    REQUIRE(visa_actor.is_object());
    CHECK(keys_of(visa_actor)
          == std::set<std::string>{"path", "state", "restarts", "actor_id", "is_supervisor"});
    CHECK(text(visa_actor, "state") == "running");
    CHECK(number(visa_actor, "restarts") == 0);
    CHECK(find_by(status.at("actors"), "path", "node/connectors").at("is_supervisor") == true);
    CHECK(status.at("networks").as_array().size() == 2);

    auto networks = shell_json(gw, {"networks"});
    REQUIRE(networks.as_array().size() == 2);
    auto visa = find_by(networks, "name", "visa");
    REQUIRE(visa.is_object());
    CHECK(keys_of(visa) == network_fields);
    CHECK(text(visa, "protocol") == "iso8583");
    CHECK(number(visa, "rules") == 1);
    CHECK(visa.at("connected") == true);
    CHECK(visa.at("hosts").as_array().size() == 1);
    CHECK(std::string{visa.at("hosts").at(0).as_string()}.starts_with(sim_host));
    CHECK(text(visa, "node").empty());

    auto stats = find_by(shell_json(gw, {"stats"}), "network", "visa");
    REQUIRE(stats.is_object());
    CHECK(keys_of(stats).size() == 20);
    CHECK(number(stats, "requests") == 3);
    CHECK(number(stats, "responses") == 3);
    CHECK(number(stats, "unavailable") == 0);
    std::int64_t counted = 0;
    for (const auto& bucket : stats.at("latency_buckets").as_array())
      counted += bucket.to_number<std::int64_t>();
    CHECK(counted == 3);
    CHECK(stats.at("latency_sum_s").to_number<double>() > 0.0);

    auto listeners = shell_json(gw, {"listeners"});
    REQUIRE(listeners.as_array().size() == 1);
    const auto& listener = listeners.at(0);
    CHECK(text(listener, "endpoint") == "127.0.0.1:" + std::to_string(gw.iso_port));
    CHECK(text(listener, "protocol") == "iso8583");
    CHECK(number(listener, "requests") == 3);
    CHECK(number(listener, "responses") == 3);
    CHECK(number(listener, "active") == 1);
    CHECK(listener.at("tls") == false);

    auto pools = shell_json(gw, {"pools"});
    auto pool = find_by(pools, "host", sim_host);
    REQUIRE(pool.is_object());
    CHECK(text(pool, "network") == "visa");
    CHECK(number(pool, "size") == 2);
    CHECK(text(pool, "breaker") == "closed");

    auto health = shell_json(gw, {"health"});
    auto visa_health = find_by(health, "network", "visa");
    REQUIRE(visa_health.is_object());
    CHECK(keys_of(visa_health)
          == std::set<std::string>{"network", "healthy", "consecutive_failures",
                                   "consecutive_successes", "reports", "last_detail"});

    auto saf = shell_json(gw, {"saf"});
    auto visa_saf = find_by(saf, "network", "visa");
    REQUIRE(visa_saf.is_object());
    CHECK(number(visa_saf, "owed") == 0);
    CHECK(visa_saf.at("rows").as_array().empty());

    auto nodes = shell_json(gw, {"nodes"});
    REQUIRE(nodes.as_array().size() == 1);
    CHECK(text(nodes.at(0), "name") == "e2e");
    CHECK(text(nodes.at(0), "state") == "self");
    CHECK(text(nodes.at(0), "endpoint") == gw.admin);
  }

  TEST_CASE("restart answers with its path, and the restart shows in status") {
    auto gw = start_gateway(iso_node() + iso_network("visa", unused_port(), ""));
    auto restarted = shell_json(gw, {"-c", "restart connectors/visa"});
    CHECK(keys_of(restarted) == std::set<std::string>{"path", "message"});
    CHECK(text(restarted, "path") == "connectors/visa");
    CHECK(text(restarted, "message").find("node/connectors/visa") != std::string::npos);
    std::int64_t restarts = 0;
    for (int attempt = 0; attempt < 30 && restarts != 1; ++attempt) {
      auto status = shell_json(gw, {"status"});
      restarts = number(find_by(status.at("actors"), "path", "node/connectors/visa"), "restarts");
    }
    CHECK(restarts == 1);
  }

  TEST_CASE("failures stay sentences and keep their exit codes") {
    auto gw = start_gateway(iso_node());
    auto unknown_path
      = run(bin_path("switchyard-shell"), {"--connect", gw.admin, "--json", "restart", "nowhere"});
    CHECK(unknown_path.exit_code == 1);
    CHECK(unknown_path.output.find("no actor at 'node/nowhere'") != std::string::npos);
    auto unknown_command
      = run(bin_path("switchyard-shell"), {"--connect", gw.admin, "--json", "bogus"});
    CHECK(unknown_command.exit_code == 2);
    auto unreachable
      = run(bin_path("switchyard-shell"),
            {"--connect", "127.0.0.1:" + std::to_string(unused_port()), "--json", "status"});
    CHECK(unreachable.exit_code == 1);
    CHECK(unreachable.output.find("cannot reach") != std::string::npos);
  }

  TEST_CASE("lines piped to the prompt print one JSON value per command") {
    auto gw = start_gateway(iso_node() + iso_network("visa", unused_port(), ""));
    auto piped
      = run("/bin/sh", {"-c", "printf 'networks\\nnodes\\nexit\\nstatus\\n' | "
                                + bin_path("switchyard-shell") + " --json --connect " + gw.admin});
    INFO(piped.output);
    CHECK(piped.exit_code == 0);
    std::istringstream lines{piped.output};
    std::vector<json::value> values;
    for (std::string line; std::getline(lines, line);)
      values.push_back(json::parse(line));
    REQUIRE(values.size() == 2);
    CHECK(keys_of(values[0].at(0)) == network_fields);
    CHECK(text(values[1].at(0), "name") == "e2e");
  }
}
