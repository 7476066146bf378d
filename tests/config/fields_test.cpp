#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;
using switchyard::config::test::load;

TEST_SUITE("config fields") {
  TEST_CASE("parses every node, cluster, logging and admin_http key into its field") {
    // The node must be able to write where state_dir and logging.file point.
    switchyard::config::test::temp_directory dir;
    auto state = (dir.path() / "state").string();
    auto log_file = (dir.path() / "switchyard.log").string();
    auto result = load(R"([node]
name = "edge-7"
cluster_address = "10.0.0.7"
cluster_port = 5000
scheduler_threads = 8
io_threads = 3
state_dir = ")" + state + R"("

[cluster]
seeds = ["10.0.0.8:5000", "[::1]:5001"]
advertise_address = "edge-7.example"
heartbeat_interval_ms = 250
connection_timeout_ms = 900

[logging]
level = "debug"
format = "json"
file = ")" + log_file + R"("

[admin_http]
enabled = true
address = "10.0.0.7"
port = 8080
)");
    REQUIRE(result.ok());
    const auto& s = *result.settings;
    CHECK(s.node.name == "edge-7");
    CHECK(s.node.cluster_address == "10.0.0.7");
    CHECK(s.node.cluster_port == 5000);
    CHECK(s.node.scheduler_threads == 8);
    CHECK(s.node.io_threads == 3);
    CHECK(s.node.state_dir == state);
    REQUIRE(s.cluster.seeds.size() == 2);
    CHECK(s.cluster.seeds[0].host == "10.0.0.8");
    CHECK(s.cluster.seeds[0].port == 5000);
    CHECK(s.cluster.seeds[1].host == "::1");
    CHECK(s.cluster.seeds[1].port == 5001);
    CHECK(s.cluster.advertise_address == "edge-7.example");
    CHECK(s.cluster.heartbeat_interval_ms == 250);
    CHECK(s.cluster.connection_timeout_ms == 900);
    CHECK_FALSE(s.cluster.tls.enabled);
    CHECK(s.logging.level == "debug");
    CHECK(s.logging.format == "json");
    CHECK(s.logging.file == log_file);
    CHECK(s.admin_http.enabled);
    CHECK(s.admin_http.address == "10.0.0.7");
    CHECK(s.admin_http.port == 8080);
  }

  TEST_CASE("parses every listener key into its field") {
    auto result = load(R"([[listeners]]
name = "acquirers"
protocol = "iso8583"
address = "0.0.0.0"
port = 9000
dialect = "iso87-binary"
framing = "bcd2"
header_bytes = 5
max_connections = 50
max_in_flight_per_connection = 8
idle_timeout_ms = 60000
max_frame_bytes = 4096
)");
    REQUIRE(result.ok());
    REQUIRE(result.settings->listeners.size() == 1);
    const auto& x = result.settings->listeners[0];
    CHECK(x.name == "acquirers");
    CHECK(x.protocol == protocol_kind::iso8583);
    CHECK(x.address == "0.0.0.0");
    CHECK(x.port == 9000);
    CHECK(x.dialect == "iso87-binary");
    CHECK(x.framing == framing_kind::bcd2);
    CHECK(x.header_bytes == 5);
    CHECK_FALSE(x.tls.enabled);
    CHECK(x.max_connections == 50);
    CHECK(x.max_in_flight_per_connection == 8);
    CHECK(x.idle_timeout_ms == 60000);
    CHECK(x.max_frame_bytes == 4096);
  }

  TEST_CASE("parses every key of an iso8583 network and its policy tables") {
    auto result = load(R"([[networks]]
name = "amex"
protocol = "iso8583"
dialect = "iso87-ascii-binary-bitmap"
framing = "len2-inclusive"
header_bytes = 2
hosts = [{address = "10.1.0.1", port = 7001, weight = 3}, {address = "10.1.0.2", port = 7002}]
pool_size = 6
pool_overflow = 2
pool_overflow_idle_ms = 5000
pool_max_age_ms = 3600000
connect_timeout_ms = 1500
timeout_ms = 20000
echo_interval_ms = 45000
sign_on = true
match_fields = [11, 37, 41]
load_balancing = "weighted_round_robin"

[[networks.rules]]
priority = 5
bin_range = "340000-349999"
mti = "01??"
fields_present = [63]
field_values = [{field = 24, value = "001"}]
amount_above = 10000

[networks.health_check]
kind = "echo"
interval_ms = 7000
jitter_ms = 100
timeout_ms = 1000
healthy_threshold = 4
unhealthy_threshold = 5

[networks.circuit_breaker]
failure_threshold = 7
failure_rate = 0.25
window_size = 40
minimum_requests = 12
recovery_timeout_ms = 3000
half_open_successes = 3

[networks.retry]
max_attempts = 3
base_backoff_ms = 10
max_backoff_ms = 200
budget_ratio = 0.2
)");
    REQUIRE(result.ok());
    const auto& n = result.settings->networks.at(0);
    CHECK(n.name == "amex");
    CHECK(n.protocol == protocol_kind::iso8583);
    CHECK(n.dialect == "iso87-ascii-binary-bitmap");
    CHECK(n.framing == framing_kind::len2_inclusive);
    CHECK(n.header_bytes == 2);
    REQUIRE(n.hosts.size() == 2);
    CHECK(n.hosts[0].address == "10.1.0.1");
    CHECK(n.hosts[0].port == 7001);
    CHECK(n.hosts[0].weight == 3);
    CHECK(n.hosts[1].weight == 1);
    CHECK(n.pool_size == 6);
    CHECK(n.pool_overflow == 2);
    CHECK(n.pool_overflow_idle_ms == 5000);
    CHECK(n.pool_max_age_ms == 3600000);
    CHECK(n.connect_timeout_ms == 1500);
    CHECK(n.timeout_ms == 20000);
    CHECK(n.echo_interval_ms == 45000);
    CHECK(n.sign_on);
    CHECK(n.match_fields == std::vector<std::uint16_t>{11, 37, 41});
    CHECK(n.load_balancing == balancing_kind::weighted_round_robin);
    REQUIRE(n.rules.size() == 1);
    const auto& r = n.rules[0];
    CHECK(r.priority == 5);
    REQUIRE(r.bin.has_value());
    CHECK(r.bin->low == "340000");
    CHECK(r.bin->high == "349999");
    CHECK(r.mti == "01??");
    CHECK(r.fields_present == std::vector<std::uint16_t>{63});
    REQUIRE(r.field_values.size() == 1);
    CHECK(r.field_values[0].field == 24);
    CHECK(r.field_values[0].value == "001");
    CHECK(r.amount_above == 10000u);
    CHECK_FALSE(r.method.has_value());
    CHECK_FALSE(r.is_default);
    CHECK(n.health_check.kind == probe_kind::echo);
    CHECK(n.health_check.interval_ms == 7000);
    CHECK(n.health_check.jitter_ms == 100);
    CHECK(n.health_check.timeout_ms == 1000);
    CHECK(n.health_check.healthy_threshold == 4);
    CHECK(n.health_check.unhealthy_threshold == 5);
    CHECK(n.breaker.failure_threshold == 7);
    CHECK(n.breaker.failure_rate == doctest::Approx(0.25));
    CHECK(n.breaker.window_size == 40);
    CHECK(n.breaker.minimum_requests == 12);
    CHECK(n.breaker.recovery_timeout_ms == 3000);
    CHECK(n.breaker.half_open_successes == 3);
    CHECK(n.retry.max_attempts == 3);
    CHECK(n.retry.base_backoff_ms == 10);
    CHECK(n.retry.max_backoff_ms == 200);
    CHECK(n.retry.budget_ratio == doctest::Approx(0.2));
  }

  TEST_CASE("parses every key of a jsonrpc network, including hedging and its probe method") {
    auto result = load(R"([[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{address = "node-a", port = 8545}]
path = "/rpc/v1"
load_balancing = "least_pending"
fallbacks = []
rules = [{method = "eth_*"}, {default = true, priority = 1}]

[networks.health_check]
kind = "jsonrpc_method"
method = "net_version"

[networks.hedging]
enabled = true
min_delay_ms = 5
max_delay_ms = 50
max_extra = 2
)");
    REQUIRE(result.ok());
    const auto& n = result.settings->networks.at(0);
    CHECK(n.protocol == protocol_kind::jsonrpc);
    CHECK(n.path == "/rpc/v1");
    CHECK(n.load_balancing == balancing_kind::least_pending);
    CHECK(n.fallbacks.empty());
    REQUIRE(n.rules.size() == 2);
    CHECK(n.rules[0].method == "eth_*");
    CHECK(n.rules[1].is_default);
    CHECK(n.health_check.kind == probe_kind::jsonrpc_method);
    CHECK(n.health_check.method == "net_version");
    CHECK(n.hedging.enabled);
    CHECK(n.hedging.min_delay_ms == 5);
    CHECK(n.hedging.max_delay_ms == 50);
    CHECK(n.hedging.max_extra == 2);
  }

  TEST_CASE("applies defaults to the keys a listener and a network leave out") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
port = 8583

[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "10.0.0.1", port = 9000}]
rules = [{bin_range = "4-4"}]
)");
    REQUIRE(result.ok());
    const auto& l = result.settings->listeners.at(0);
    CHECK(l.address == "127.0.0.1");
    CHECK(l.dialect == "iso87-ascii");
    CHECK(l.framing == framing_kind::len2);
    CHECK(l.max_connections == 1024);
    CHECK(l.max_frame_bytes == 8192);
    const auto& n = result.settings->networks.at(0);
    CHECK(n.pool_size == 4);
    CHECK(n.timeout_ms == 30000);
    CHECK(n.match_fields == std::vector<std::uint16_t>{11, 41});
    CHECK(n.load_balancing == balancing_kind::round_robin);
    CHECK(n.health_check.kind == probe_kind::none);
    CHECK(n.breaker.failure_rate == doctest::Approx(0.5));
    CHECK(n.retry.max_attempts == 1);
    CHECK_FALSE(n.hedging.enabled);
    CHECK(n.rules.at(0).priority == 100);
  }
}
