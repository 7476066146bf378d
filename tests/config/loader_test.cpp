#include "config/loader.hpp"

#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;
using switchyard::config::test::load;
using switchyard::config::test::temp_directory;

TEST_SUITE("config loader") {
  TEST_CASE("applies the documented defaults to an empty file") {
    auto result = load("");
    REQUIRE(result.ok());
    const auto& s = *result.settings;
    CHECK(s.node.name == "switchyard");
    CHECK(s.node.cluster_address == "127.0.0.1");
    CHECK(s.node.cluster_port == 4242);
    CHECK(s.node.scheduler_threads == 2);
    CHECK(s.cluster.seeds.empty());
    CHECK(s.cluster.heartbeat_interval_ms == 1000);
    CHECK(s.listeners.empty());
    CHECK(s.networks.empty());
    CHECK(s.logging.level == "info");
    CHECK(s.logging.format == "logfmt");
    CHECK(s.logging.file.empty());
    CHECK_FALSE(s.admin_http.enabled);
  }

  TEST_CASE("names an unnamed listener after its protocol and port") {
    auto result = load(R"([[listeners]]
protocol = "jsonrpc"
port = 8545
)");
    REQUIRE(result.ok());
    CHECK(result.settings->listeners.at(0).name == "jsonrpc-8545");
  }

  TEST_CASE("keeps two unnamed listeners on port 0 apart with a numeric suffix") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
port = 0

[[listeners]]
protocol = "iso8583"
port = 0
)");
    REQUIRE(result.ok());
    CHECK(result.settings->listeners.at(0).name == "iso8583-0");
    CHECK(result.settings->listeners.at(1).name == "iso8583-0-2");
  }

  TEST_CASE("sorts rules by priority, keeping file order among equals and default rules last") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "10.0.0.1", port = 9000}]
rules = [
  {default = true, priority = 1},
  {priority = 50, mti = "0100"},
  {priority = 10, mti = "0200"},
  {priority = 50, mti = "0400"},
]
)");
    REQUIRE(result.ok());
    const auto& rules = result.settings->networks.at(0).rules;
    REQUIRE(rules.size() == 4);
    CHECK(rules[0].mti == "0200");
    CHECK(rules[1].mti == "0100");
    CHECK(rules[2].mti == "0400");
    CHECK(rules[3].is_default);
  }

  TEST_CASE("accepts field_value as an inline-table shorthand next to field_values") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "10.0.0.1", port = 9000}]
rules = [{field_value = {field = 24, value = "001"}},
         {field_values = [{field = 3, value = "000000"}], field_value = {field = 25, value = "00"}}]
)");
    REQUIRE(result.ok());
    const auto& rules = result.settings->networks.at(0).rules;
    REQUIRE(rules.at(0).field_values.size() == 1);
    CHECK(rules[0].field_values[0].field == 24);
    CHECK(rules[0].field_values[0].value == "001");
    REQUIRE(rules.at(1).field_values.size() == 2);
    CHECK(rules[1].field_values[0].field == 3);
    CHECK(rules[1].field_values[1].field == 25);
  }

  TEST_CASE("records the name of the source in the settings") {
    auto result = load_string("", "configs/edge.toml");
    REQUIRE(result.ok());
    CHECK(result.settings->source_file == "configs/edge.toml");
  }

  TEST_CASE("loads the bundled config/switchyard.toml without errors") {
    auto result = load_file("config/switchyard.toml");
    for (const auto& error : result.errors) {
      INFO(to_string(error));
    }
    REQUIRE(result.errors.empty());
    REQUIRE(result.ok());
    const auto& s = *result.settings;
    CHECK(s.node.name == "sw-1");
    CHECK(s.node.cluster_port == 4242);
    REQUIRE(s.listeners.size() == 2);
    CHECK(s.listeners[0].name == "iso8583-8583");
    CHECK(s.listeners[1].protocol == protocol_kind::jsonrpc);
    CHECK(s.listeners[1].port == 8545);
    REQUIRE(s.networks.size() == 3);
    CHECK(s.networks[0].name == "visa");
    CHECK(s.networks[0].health_check.kind == probe_kind::echo);
    CHECK(s.networks[1].rules.size() == 2);
    CHECK(s.networks[1].hosts.at(0).port == 9584);
    CHECK(s.networks[2].hosts.size() == 2);
    CHECK(s.networks[2].load_balancing == balancing_kind::latency_aware);
    CHECK(s.networks[2].hedging.enabled);
    for (const auto& n : s.networks) {
      CHECK(n.fallbacks.empty());
    }
  }

  TEST_CASE("reports a TOML syntax error as one error at its position") {
    auto result = load(R"([node]
name = "sw-1"
cluster_port = 
)");
    CHECK_FALSE(result.ok());
    CHECK_FALSE(result.settings.has_value());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].file == "test.toml");
    CHECK(result.errors[0].line == 3);
    CHECK(result.errors[0].column == 16);
    CHECK(result.errors[0].key.empty());
    CHECK(result.errors[0].expected.starts_with("valid TOML ("));
  }

  TEST_CASE("reports a missing file by its name, without a position") {
    auto result = load_file("/nonexistent/switchyard.toml");
    CHECK_FALSE(result.ok());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].file == "/nonexistent/switchyard.toml");
    CHECK(result.errors[0].line == 0);
    CHECK(result.errors[0].expected == "a readable configuration file (no such file)");
  }

  TEST_CASE("reports a directory given as the configuration file") {
    temp_directory dir;
    auto result = load_file(dir.path().string());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].expected == "a readable configuration file (not a regular file)");
  }

  TEST_CASE("loads a file from disk and reports errors against its path") {
    temp_directory dir;
    auto good = dir.write("good.toml", "[node]\nname = \"disk\"\n");
    auto bad = dir.write("bad.toml", "[node]\nname = 7\n");
    auto loaded = load_file(good.string());
    REQUIRE(loaded.ok());
    CHECK(loaded.settings->node.name == "disk");
    CHECK(loaded.settings->source_file == good.string());
    auto failed = load_file(bad.string());
    REQUIRE(failed.errors.size() == 1);
    CHECK(failed.errors[0].file == bad.string());
    CHECK(failed.errors[0].line == 2);
    CHECK(failed.errors[0].column == 8);
    CHECK(failed.errors[0].key == "node.name");
    CHECK(failed.errors[0].expected == "a string");
  }
}
