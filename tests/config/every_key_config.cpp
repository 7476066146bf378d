#include "tests/config/every_key_config.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <type_traits>

// Checks that `member` of `object` was given a value other than its struct default.
#define CHECK_SET(object, member)                                                                  \
  CHECK_MESSAGE((object).member != std::remove_cvref_t<decltype(object)>{}.member,                 \
                #object "." #member " keeps its default")

namespace switchyard::config::test {

std::string every_key(const temp_directory& dir) {
  dir.write("tls/ca.pem", "ca");
  dir.write("tls/cert.pem", "cert");
  dir.write("tls/key.pem", "key");
  dir.write("dialects/acme.toml", "");
  dir.write("bins/node.csv", "");
  dir.write("bins/visa.csv", "");
  dir.write("logs/.keep", "");
  auto key = dir.write("state.key", std::string(64, 'a'));
  std::filesystem::permissions(key, std::filesystem::perms::owner_read
                                      | std::filesystem::perms::owner_write);
  return R"([node]
name = "sw \"east\" 1"
cluster_address = "10.1.0.1"
cluster_port = 5252
scheduler_threads = 4
scheduler_policy = "stealing"
io_threads = 3
state_dir = "state"
state_key_file = "state.key"

[cluster]
seeds = ["10.1.0.2:5252", "[fd00::3]:5253"]
advertise_address = "gw-1.example"
heartbeat_interval_ms = 750
connection_timeout_ms = 9000
tls = { ca = "tls/ca.pem", cert = "tls/cert.pem", key = "tls/key.pem" }

[[listeners]]
name = "acquirers"
protocol = "iso8583"
address = "0.0.0.0"
port = 18583
dialect = "dialects/acme.toml"
framing = "bcd2"
header_bytes = 5
max_connections = 10
max_in_flight_per_connection = 11
idle_timeout_ms = 12000
max_frame_bytes = 4096
network_management = "route"
[listeners.tls]
cert = "tls/cert.pem"
key = "tls/key.pem"
ca = "tls/ca.pem"
require_peer_cert = true
min_version = "1.3"
ciphers = "ECDHE+AESGCM"
ciphersuites = "TLS_AES_256_GCM_SHA384"

[[listeners]]
name = "wallets"
protocol = "jsonrpc"
port = 18545
max_connections = 20
max_in_flight_per_connection = 21
idle_timeout_ms = 22000
max_frame_bytes = 65536
read_timeout_ms = 2500
cors_origins = ["https://app.example.com", "*"]

[[networks]]
name = "visa"
node = "sw-2"
dialect = "iso87-binary"
framing = "ascii4"
header_bytes = 2
protocol = "iso8583"
hosts = [{ address = "visa-a.example", port = 9583, weight = 3 }, { address = "::1", port = 9584 }]
pool_size = 6
pool_overflow = 2
pool_overflow_idle_ms = 15000
pool_max_age_ms = 3600000
connect_timeout_ms = 1500
timeout_ms = 20000
echo_interval_ms = 45000
sign_on = true
match_fields = [11, 37, 41]
stan_range = "1-5000"
stan_memory_ms = 60000
max_owed_reversals = 500
max_unwritten_bytes = 262144
forward_journal = true
bin_table = "bins/visa.csv"
bin_table_priority = 60
load_balancing = "weighted_round_robin"
fallbacks = ["visa-backup"]
rules = [
  { priority = 5, bin_range = "400000-499999", mti = "02??", amount_above = 100000, field_values = [{ field = 3, value = "000000" }], fields_present = [14, 35] },
  { priority = 7, field_value = { field = 24, value = "001" } },
  { priority = 9, default = true },
]

[networks.health_check]
kind = "echo"
interval_ms = 7000
jitter_ms = 100
timeout_ms = 900
healthy_threshold = 4
unhealthy_threshold = 6
method = "ping"

[networks.circuit_breaker]
failure_threshold = 8
failure_rate = 0.35
window_size = 40
minimum_requests = 12
recovery_timeout_ms = 4000
half_open_successes = 3

[networks.retry]
max_attempts = 3
base_backoff_ms = 25
max_backoff_ms = 400
budget_ratio = 0.07

[networks.hedging]
min_delay_ms = 30
max_delay_ms = 300
max_extra = 2

[networks.tls]
ca = "tls/ca.pem"
cert = "tls/cert.pem"
key = "tls/key.pem"
server_name = "visa.example"
min_version = "1.3"
ciphers = "ECDHE+CHACHA20"
ciphersuites = "TLS_AES_128_GCM_SHA256"

[[networks]]
name = "visa-backup"
protocol = "iso8583"
hosts = [{ address = "10.9.0.1", port = 9583 }]

[[networks.transform.request]]
set = { field = 32, value = "123456" }
[[networks.transform.request]]
copy = { from = 37, to = 48 }
mti = "02??"
[[networks.transform.request]]
move = { from = 60, to = 62 }
[[networks.transform.request]]
remove = [55, 60]
[[networks.transform.request]]
map = { field = 3, table = { "000000" = "001000", "200000" = "220000" }, default = "remove" }
[[networks.transform.request]]
map = { field = 25, table = { "00" = "59" }, default_value = "00" }
[[networks.transform.response]]
restore = [60]
[[networks.transform.response]]
map = { field = 39, table = { "N7" = "05" } }

[[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{ address = "rpc.example", port = 8545 }]
path = "/v1/key"
pipeline_depth = 8
method_timeouts_ms = { eth_getLogs = 60000, "debug.trace call" = 90000 }
max_response_bytes = 2048
rules = [{ priority = 3, method = "eth_*" }]
health_check = { kind = "jsonrpc_method", method = "net_version" }
hedging = { enabled = true }

[routing]
bin_table = "bins/node.csv"
bin_table_priority = 50

[logging]
level = "debug"
format = "json"
file = "logs/switchyard.log"

[admin_http]
enabled = true
address = "0.0.0.0"
port = 19090
)";
}

void check_every_key_set(const gateway_settings& s) {
  CHECK_SET(s, node.name);
  CHECK_SET(s, node.cluster_address);
  CHECK_SET(s, node.cluster_port);
  CHECK_SET(s, node.scheduler_threads);
  CHECK_SET(s, node.scheduler_policy);
  CHECK_SET(s, node.io_threads);
  CHECK_SET(s, node.state_dir);
  CHECK_SET(s, node.state_key_file);
  CHECK_SET(s, cluster.seeds);
  CHECK_SET(s, cluster.advertise_address);
  CHECK_SET(s, cluster.heartbeat_interval_ms);
  CHECK_SET(s, cluster.connection_timeout_ms);
  CHECK_SET(s, cluster.tls.ca);
  CHECK_SET(s, cluster.tls.cert);
  CHECK_SET(s, cluster.tls.key);
  CHECK_SET(s, routing.bin_table);
  CHECK_SET(s, routing.bin_table_priority);
  CHECK_SET(s, logging.level);
  CHECK_SET(s, logging.format);
  CHECK_SET(s, logging.file);
  CHECK_SET(s, admin_http.enabled);
  CHECK_SET(s, admin_http.address);
  CHECK_SET(s, admin_http.port);
}

void check_every_listener_key_set(const listener_settings& iso, const listener_settings& json) {
  for (const auto* x : {&iso, &json}) {
    CHECK_SET(*x, name);
    CHECK_SET(*x, port);
    CHECK_SET(*x, max_connections);
    CHECK_SET(*x, max_in_flight_per_connection);
    CHECK_SET(*x, idle_timeout_ms);
    CHECK_SET(*x, max_frame_bytes);
  }
  CHECK_SET(iso, address);
  CHECK_SET(iso, dialect);
  CHECK_SET(iso, framing);
  CHECK_SET(iso, header_bytes);
  CHECK_SET(iso, network_management);
  CHECK_SET(iso, tls.ca);
  CHECK_SET(iso, tls.cert);
  CHECK_SET(iso, tls.key);
  CHECK_SET(iso, tls.require_peer_cert);
  CHECK_SET(iso, tls.min_version);
  CHECK_SET(iso, tls.ciphers);
  CHECK_SET(iso, tls.ciphersuites);
  CHECK_SET(json, protocol);
  CHECK_SET(json, read_timeout_ms);
  CHECK_SET(json, cors_origins);
}

void check_every_iso8583_network_key_set(const network_settings& x) {
  CHECK_SET(x, name);
  CHECK_SET(x, node);
  CHECK_SET(x, dialect);
  CHECK_SET(x, framing);
  CHECK_SET(x, header_bytes);
  CHECK_SET(x, hosts);
  CHECK(x.hosts.at(0).weight != host_settings{}.weight);
  CHECK_SET(x, pool_size);
  CHECK_SET(x, pool_overflow);
  CHECK_SET(x, pool_overflow_idle_ms);
  CHECK_SET(x, pool_max_age_ms);
  CHECK_SET(x, connect_timeout_ms);
  CHECK_SET(x, timeout_ms);
  CHECK_SET(x, echo_interval_ms);
  CHECK_SET(x, sign_on);
  CHECK_SET(x, match_fields);
  CHECK_SET(x, stan_low);
  CHECK_SET(x, stan_high);
  CHECK_SET(x, stan_memory_ms);
  CHECK_SET(x, max_owed_reversals);
  CHECK_SET(x, max_unwritten_bytes);
  CHECK_SET(x, forward_journal);
  CHECK_SET(x, bin_table);
  CHECK_SET(x, bin_table_priority);
  CHECK_SET(x, fallbacks);
  CHECK_SET(x, load_balancing);
  CHECK_SET(x, tls.ca);
  CHECK_SET(x, tls.cert);
  CHECK_SET(x, tls.key);
  CHECK_SET(x, tls.server_name);
  CHECK_SET(x, tls.min_version);
  CHECK_SET(x, tls.ciphers);
  CHECK_SET(x, tls.ciphersuites);
}

void check_every_policy_key_set(const network_settings& x) {
  CHECK_SET(x, health_check.kind);
  CHECK_SET(x, health_check.interval_ms);
  CHECK_SET(x, health_check.jitter_ms);
  CHECK_SET(x, health_check.timeout_ms);
  CHECK_SET(x, health_check.healthy_threshold);
  CHECK_SET(x, health_check.unhealthy_threshold);
  CHECK_SET(x, health_check.method);
  CHECK_SET(x, breaker.failure_threshold);
  CHECK_SET(x, breaker.failure_rate);
  CHECK_SET(x, breaker.window_size);
  CHECK_SET(x, breaker.minimum_requests);
  CHECK_SET(x, breaker.recovery_timeout_ms);
  CHECK_SET(x, breaker.half_open_successes);
  CHECK_SET(x, retry.max_attempts);
  CHECK_SET(x, retry.base_backoff_ms);
  CHECK_SET(x, retry.max_backoff_ms);
  CHECK_SET(x, retry.budget_ratio);
  CHECK_SET(x, hedging.min_delay_ms);
  CHECK_SET(x, hedging.max_delay_ms);
  CHECK_SET(x, hedging.max_extra);
}

void check_every_rule_key_set(const std::vector<rule_settings>& rules) {
  REQUIRE(rules.size() == 3);
  CHECK_SET(rules[0], priority);
  CHECK_SET(rules[0], bin);
  CHECK_SET(rules[0], mti);
  CHECK_SET(rules[0], field_values);
  CHECK_SET(rules[0], fields_present);
  CHECK_SET(rules[0], amount_above);
  CHECK_SET(rules[1], field_values);
  CHECK_SET(rules[2], is_default);
}

void check_every_transform_key_set(const switchyard::iso8583::transform_rules& x) {
  using switchyard::iso8583::map_fallback;
  using switchyard::iso8583::transform_op;
  REQUIRE(x.request.size() == 6);
  REQUIRE(x.response.size() == 2);
  CHECK(x.request[0].op == transform_op::set);
  CHECK(x.request[1].op == transform_op::copy);
  CHECK_SET(x.request[1], mti);
  CHECK(x.request[2].op == transform_op::move);
  CHECK(x.request[3].op == transform_op::remove);
  CHECK(x.request[4].fallback == map_fallback::remove);
  CHECK(x.request[5].fallback == map_fallback::value);
  CHECK(x.response[0].op == transform_op::restore);
  CHECK(x.response[1].fallback == map_fallback::keep);
}

void check_every_jsonrpc_network_key_set(const network_settings& x) {
  CHECK_SET(x, protocol);
  CHECK_SET(x, path);
  CHECK_SET(x, pipeline_depth);
  CHECK_SET(x, method_timeouts_ms);
  CHECK_SET(x, max_response_bytes);
  CHECK_SET(x.rules.at(0), method);
  CHECK_SET(x, hedging.enabled);
}

} // namespace switchyard::config::test
