#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::error_for;
using switchyard::config::test::load;

TEST_SUITE("config validation") {
  TEST_CASE("reports an unknown key at its position and lists the keys allowed there") {
    auto result = load(R"([node]
name = "a"
nmae = "b"
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "node.nmae", 3, 1,
                "a known key (allowed here: name, cluster_address, cluster_port, "
                "scheduler_threads, scheduler_policy, io_threads, state_dir, state_key_file)");
  }

  TEST_CASE("reports unknown keys at every level of the file") {
    auto result = load(R"(colour = "blue"
[[listeners]]
protocol = "iso8583"
port = 1
tls_mode = "off"
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1, wieght = 2}]
rules = [{mti = "0100", prio = 1}]
[networks.retry]
attempts = 2
)");
    CHECK(result.errors.size() == 5);
    CHECK(error_for(result, "colour").line == 1);
    check_error(result, "listeners[0].tls_mode", 5, 1,
                "a known key (allowed here: name, protocol, address, port, dialect, framing, "
                "header_bytes, tls, max_connections, max_in_flight_per_connection, "
                "idle_timeout_ms, max_frame_bytes, read_timeout_ms, cors_origins, "
                "network_management)");
    check_error(result, "networks[0].hosts[0].wieght", 9, 36,
                "a known key (allowed here: address, port, weight)");
    CHECK(error_for(result, "networks[0].rules[0].prio").line == 10);
    CHECK(error_for(result, "networks[0].rules[0].prio").column == 25);
    check_error(result, "networks[0].retry.attempts", 12, 1,
                "a known key (allowed here: max_attempts, base_backoff_ms, max_backoff_ms, "
                "budget_ratio)");
  }

  TEST_CASE("reports a value of the wrong type with the type expected") {
    auto result = load(R"([node]
name = 42
cluster_port = "4242"
[admin_http]
enabled = "yes"
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = {address = "h", port = 1}
[networks.circuit_breaker]
failure_rate = "half"
)");
    CHECK(result.errors.size() == 5);
    check_error(result, "node.name", 2, 8, "a string");
    check_error(result, "node.cluster_port", 3, 16, "an integer");
    check_error(result, "admin_http.enabled", 5, 11, "a boolean");
    check_error(result, "networks[0].hosts", 9, 9, "an array of tables");
    check_error(result, "networks[0].circuit_breaker.failure_rate", 11, 16, "a number");
  }

  TEST_CASE("accepts port 0 only where the node binds, and no port above 65535") {
    auto result = load(R"([node]
cluster_port = 0
[admin_http]
enabled = true
port = 70000
[[listeners]]
protocol = "jsonrpc"
port = 0
[[listeners]]
protocol = "jsonrpc"
port = 70000
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 0}]
)");
    CHECK(result.errors.size() == 3);
    check_error(result, "admin_http.port", 5, 8, "an integer in 0..65535");
    check_error(result, "listeners[1].port", 11, 8, "an integer in 0..65535");
    check_error(result, "networks[0].hosts[0].port", 15, 33, "an integer in 1..65535");
    auto chosen = load("[admin_http]\nenabled = true\nport = 0\n");
    CHECK(chosen.ok());
  }

  TEST_CASE("accepts the two CAF scheduler policies and names them on a typo") {
    auto good = load("[node]\nscheduler_policy = \"stealing\"\n");
    REQUIRE(good.ok());
    CHECK(good.settings->node.scheduler_policy == "stealing");
    CHECK(load("").settings->node.scheduler_policy == "sharing");
    auto bad = load("[node]\nscheduler_policy = \"steal\"\n");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].key == "node.scheduler_policy");
    CHECK(bad.errors[0].line == 2);
    CHECK(bad.errors[0].expected.find("sharing") != std::string::npos);
    CHECK(bad.errors[0].expected.find("stealing") != std::string::npos);
  }

  TEST_CASE("rejects thread counts outside 1..64") {
    auto result = load(R"([node]
scheduler_threads = 0
io_threads = 65
)");
    CHECK(result.errors.size() == 2);
    check_error(result, "node.scheduler_threads", 2, 21, "an integer in 1..64");
    check_error(result, "node.io_threads", 3, 14, "an integer in 1..64");
  }

  TEST_CASE("rejects zero weights, pool sizes, intervals and timeouts") {
    auto result = load(R"([cluster]
heartbeat_interval_ms = 0
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1, weight = 0}]
pool_size = 0
timeout_ms = 0
connect_timeout_ms = 0
)");
    CHECK(result.errors.size() == 5);
    check_error(result, "cluster.heartbeat_interval_ms", 2, 25, "an integer >= 1");
    check_error(result, "networks[0].hosts[0].weight", 6, 45, "an integer >= 1");
    check_error(result, "networks[0].pool_size", 7, 13, "an integer >= 1");
    check_error(result, "networks[0].timeout_ms", 8, 14, "an integer >= 1");
    check_error(result, "networks[0].connect_timeout_ms", 9, 22, "an integer >= 1");
  }

  TEST_CASE("rejects a breaker failure_rate of 0 and a retry budget_ratio above 1") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
[networks.circuit_breaker]
failure_rate = 0.0
[networks.retry]
budget_ratio = 1.5
)");
    CHECK(result.errors.size() == 2);
    check_error(result, "networks[0].circuit_breaker.failure_rate", 6, 16, "a number in (0, 1]");
    check_error(result, "networks[0].retry.budget_ratio", 8, 16, "a number in [0, 1]");
  }

  TEST_CASE("accepts the closed ends of the ratio ranges, written as integers") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
[networks.circuit_breaker]
failure_rate = 1
[networks.retry]
budget_ratio = 0
)");
    REQUIRE(result.ok());
    CHECK(result.settings->networks[0].breaker.failure_rate == 1.0);
    CHECK(result.settings->networks[0].retry.budget_ratio == 0.0);
  }

  TEST_CASE("rejects lower and upper limits that contradict each other") {
    auto result = load(R"([[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{address = "h", port = 1}]
[networks.circuit_breaker]
window_size = 5
[networks.retry]
base_backoff_ms = 500
max_backoff_ms = 100
[networks.hedging]
min_delay_ms = 900
)");
    CHECK(result.errors.size() == 3);
    check_error(result, "networks[0].circuit_breaker.window_size", 6, 15,
                "an integer >= minimum_requests (10)");
    check_error(result, "networks[0].retry.max_backoff_ms", 9, 18,
                "an integer >= base_backoff_ms (500)");
    check_error(result, "networks[0].hedging.min_delay_ms", 11, 16,
                "an integer <= max_delay_ms (500)");
  }

  TEST_CASE("reports missing required keys at the position of the enclosing table") {
    auto result = load(R"([[listeners]]
address = "127.0.0.1"
[[networks]]
pool_size = 2
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{weight = 2}]
)");
    CHECK(result.errors.size() == 7);
    check_error(result, "listeners[0].protocol", 1, 1, "this required key to be set");
    check_error(result, "listeners[0].port", 1, 1, "this required key to be set");
    check_error(result, "networks[0].name", 3, 1, "this required key to be set");
    check_error(result, "networks[0].protocol", 3, 1, "this required key to be set");
    check_error(result, "networks[0].hosts", 3, 1, "this required key to be set");
    check_error(result, "networks[1].hosts[0].address", 8, 10, "this required key to be set");
    check_error(result, "networks[1].hosts[0].port", 8, 10, "this required key to be set");
  }

  TEST_CASE("rejects a network whose hosts array is empty") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = []
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].hosts", 4, 9,
                "at least one host ({address = \"...\", port = ...})");
  }

  TEST_CASE("rejects a host listed twice in one network, whatever the case of its name") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "visa.example", port = 9000}, {address = "visa.example", port = 9001},
  {address = "VISA.example", port = 9000, weight = 2}]
[[networks]]
name = "backup"
protocol = "iso8583"
hosts = [{address = "visa.example", port = 9000}]
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].hosts[2]", 5, 3,
                "a host not already listed as networks[0].hosts[0] (VISA.example:9000; to send "
                "it more traffic, raise its weight)");
  }

  TEST_CASE("rejects enum strings outside their allowed names and lists the names") {
    auto result = load(R"([logging]
level = "verbose"
format = "xml"
[[listeners]]
protocol = "http"
port = 1
[[networks]]
name = "visa"
protocol = "iso8583"
framing = "len4"
load_balancing = "random"
hosts = [{address = "h", port = 1}]
[networks.health_check]
kind = "ping"
)");
    CHECK(result.errors.size() == 6);
    check_error(result, "logging.level", 2, 9,
                R"(one of "trace", "debug", "info", "warn", "error")");
    check_error(result, "logging.format", 3, 10, R"(one of "logfmt", "json", "text")");
    check_error(result, "listeners[0].protocol", 5, 12, R"(one of "iso8583", "jsonrpc")");
    check_error(result, "networks[0].framing", 10, 11,
                R"(one of "len2", "len2-inclusive", "ascii4", "bcd2")");
    check_error(
      result, "networks[0].load_balancing", 11, 18,
      R"(one of "round_robin", "weighted_round_robin", "least_pending", "latency_aware")");
    check_error(result, "networks[0].health_check.kind", 14, 8,
                R"(one of "echo", "jsonrpc_method", "tcp_connect", "none")");
  }

  TEST_CASE("reports every error of a file, not only the first, ordered by position") {
    auto result = load(R"([node]
scheduler_threads = 100
[[listeners]]
protocol = "iso8583"
port = "8583"
[[networks]]
name = ""
protocol = "iso8583"
hosts = [{address = "h", port = 99999}]
[logging]
level = "loud"
)");
    CHECK_FALSE(result.settings.has_value());
    REQUIRE(result.errors.size() == 5);
    CHECK(result.errors[0].key == "node.scheduler_threads");
    CHECK(result.errors[1].key == "listeners[0].port");
    CHECK(result.errors[2].key == "networks[0].name");
    CHECK(result.errors[2].expected == "a non-empty string");
    CHECK(result.errors[3].key == "networks[0].hosts[0].port");
    CHECK(result.errors[4].key == "logging.level");
    CHECK(result.errors[0].line == 2);
    CHECK(result.errors[1].line == 5);
    CHECK(result.errors[2].line == 7);
    CHECK(result.errors[3].line == 9);
    CHECK(result.errors[4].line == 11);
  }

  TEST_CASE("rejects cluster seeds that are not host:port strings") {
    auto result = load(R"([cluster]
seeds = ["10.0.0.1:4242", "10.0.0.2", "host:0", 17, "[::1]4242"]
)");
    CHECK(result.errors.size() == 4);
    const auto* seed = R"("host:port" (or "[v6-address]:port") with a port in 1..65535)";
    check_error(result, "cluster.seeds[1]", 2, 27, seed);
    check_error(result, "cluster.seeds[2]", 2, 39, seed);
    check_error(result, "cluster.seeds[3]", 2, 49, "a string");
    check_error(result, "cluster.seeds[4]", 2, 53, seed);
  }

  TEST_CASE("rejects match_fields outside 1..192 and an empty match_fields") {
    auto out_of_range = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
match_fields = [11, 193, 0]
)");
    CHECK(out_of_range.errors.size() == 2);
    check_error(out_of_range, "networks[0].match_fields[1]", 5, 21, "an integer in 1..192");
    check_error(out_of_range, "networks[0].match_fields[2]", 5, 26, "an integer in 1..192");
    auto empty = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
match_fields = []
)");
    REQUIRE(empty.errors.size() == 1);
    check_error(empty, "networks[0].match_fields", 5, 16, "at least one field number");
  }

  TEST_CASE("requires a port for an enabled admin_http endpoint") {
    auto result = load(R"([admin_http]
enabled = true
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "admin_http.port", 1, 1, "this required key to be set");
  }

  TEST_CASE("rejects listeners written as one table instead of an array of tables") {
    auto result = load(R"([listeners]
protocol = "iso8583"
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "listeners", 1, 1, "an array of tables");
  }
}
