#pragma once

#include "protocols/iso8583/transform_rules.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::config {

/// The wire protocol a listener accepts or a network speaks.
enum class protocol_kind : std::uint8_t { iso8583, jsonrpc };

/// How ISO 8583 messages are delimited on a TCP stream.
enum class framing_kind : std::uint8_t {
  len2,           ///< 2-byte big-endian binary length, excluding itself ("len2")
  len2_inclusive, ///< 2-byte big-endian binary length, including itself ("len2-inclusive")
  ascii4,         ///< 4 ASCII digits ("ascii4")
  bcd2,           ///< 2-byte BCD length ("bcd2")
};

/// How a connector spreads requests over the hosts of one network.
enum class balancing_kind : std::uint8_t {
  round_robin,
  weighted_round_robin,
  least_pending,
  latency_aware,
};

/// How the health monitor probes a network.
enum class probe_kind : std::uint8_t { echo, jsonrpc_method, tcp_connect, none };

/// TLS material; `enabled` is false when the table is absent.
struct tls_settings {
  bool enabled = false;
  std::string ca;                 ///< CA bundle that peers must chain to
  std::string cert;               ///< our certificate chain (PEM)
  std::string key;                ///< our private key (PEM)
  bool require_peer_cert = false; ///< listeners: demand client certificates (mTLS)
  std::string server_name;        ///< connectors: SNI and name to verify; empty = no name check
  /// Listeners and networks: the lowest protocol version accepted, "1.2" or "1.3".
  std::string min_version = "1.2";
  /// Listeners and networks: TLS 1.2 suites (OpenSSL cipher list); AEAD with forward secrecy.
  std::string ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";
  /// Listeners and networks: TLS 1.3 suites (OpenSSL syntax); empty keeps OpenSSL's, all AEAD.
  std::string ciphersuites;

  /// Returns whether every member is equal.
  friend bool operator==(const tls_settings&, const tls_settings&) = default;
};

/// The node itself.
struct node_settings {
  std::string name = "switchyard";
  std::string cluster_address = "127.0.0.1"; ///< address the admin actor is published on
  std::uint16_t cluster_port = 4242;         ///< 0 lets the OS choose
  std::uint16_t scheduler_threads = 2;       ///< CAF worker threads (CAF guide, section 13)
  std::string scheduler_policy = "sharing";  ///< CAF scheduler: sharing or stealing
  std::uint16_t io_threads = 1;              ///< Asio threads for listeners and connectors
  std::string state_dir;      ///< where owed reversal advices are kept; empty: in memory only
  std::string state_key_file; ///< AES-256 key (64 hex digits) sealing the journals; empty: clear

  /// Returns whether every member is equal.
  friend bool operator==(const node_settings&, const node_settings&) = default;
};

/// A peer node this node connects to at start.
struct seed_node {
  std::string host;
  std::uint16_t port = 0;

  /// Returns whether every member is equal.
  friend bool operator==(const seed_node&, const seed_node&) = default;
};

/// Cluster membership and transport security.
struct cluster_settings {
  std::vector<seed_node> seeds;
  /// Where peers reach this node's cluster port; empty: node.cluster_address (which must then
  /// not be a wildcard such as 0.0.0.0 for peers on other hosts).
  std::string advertise_address;
  tls_settings tls;
  std::uint32_t heartbeat_interval_ms = 1000;
  std::uint32_t connection_timeout_ms = 5000;

  /// Returns whether every member is equal.
  friend bool operator==(const cluster_settings&, const cluster_settings&) = default;
};

/// Who answers an acquirer's network management (ISO 8583 MTI class 8: echo, sign-on,
/// sign-off, key change): the listener itself, or the network its rules route it to.
enum class network_management_kind : std::uint8_t { local, route };

/// One listening socket for acquirers (ISO 8583) or clients (JSON-RPC over HTTP).
struct listener_settings {
  std::string name;
  protocol_kind protocol = protocol_kind::iso8583;
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;
  std::string dialect = "iso87-ascii"; ///< built-in dialect name or a dialect TOML path
  framing_kind framing = framing_kind::len2;
  std::uint16_t header_bytes = 0; ///< fixed header before each message (e.g. 5-byte TPDU)
  tls_settings tls;
  std::uint32_t max_connections = 1024;
  std::uint32_t max_in_flight_per_connection = 256;
  std::uint32_t idle_timeout_ms = 300000;
  std::uint32_t max_frame_bytes = 8192;  ///< ISO 8583 frame limit or HTTP body limit (1 MiB)
  std::uint32_t read_timeout_ms = 10000; ///< JSON-RPC: a request's headers and body, once begun
  std::vector<std::string> cors_origins; ///< JSON-RPC: origins browsers may call from ("*": any)
  network_management_kind network_management = network_management_kind::local; ///< ISO 8583

  /// Returns whether every member is equal.
  friend bool operator==(const listener_settings&, const listener_settings&) = default;
};

/// One upstream endpoint of a network.
struct host_settings {
  std::string address;
  std::uint16_t port = 0;
  std::uint32_t weight = 1;

  /// Returns whether every member is equal.
  friend bool operator==(const host_settings&, const host_settings&) = default;
};

/// An inclusive range of card-number prefixes, e.g. "400000-499999" (same digit count).
struct bin_range {
  std::string low;
  std::string high;

  /// Returns whether every member is equal.
  friend bool operator==(const bin_range&, const bin_range&) = default;
};

/// Field `field` must equal `value` (ISO 8583).
struct field_equals {
  std::uint16_t field = 0;
  std::string value;

  /// Returns whether every member is equal.
  friend bool operator==(const field_equals&, const field_equals&) = default;
};

/// One routing rule; every condition that is set must hold (they are ANDed).
struct rule_settings {
  std::uint32_t priority = 100;           ///< lower runs first
  std::optional<bin_range> bin;           ///< on field 2 (PAN)
  std::optional<std::string> mti;         ///< four characters, '?' matches any digit
  std::vector<field_equals> field_values; ///< field == value
  std::vector<std::uint16_t> fields_present;
  std::optional<std::uint64_t> amount_above; ///< field 4, minor units
  std::optional<std::string> method;         ///< JSON-RPC method, '*' as a trailing wildcard
  bool is_default = false;                   ///< matches everything; evaluated last

  /// Returns whether every member is equal.
  friend bool operator==(const rule_settings&, const rule_settings&) = default;
};

/// Active health checking of a network.
struct health_check_settings {
  probe_kind kind = probe_kind::none;
  std::uint32_t interval_ms = 5000;
  std::uint32_t jitter_ms = 500;
  std::uint32_t timeout_ms = 2000;
  std::uint32_t healthy_threshold = 2;    ///< consecutive successes to mark up
  std::uint32_t unhealthy_threshold = 3;  ///< consecutive failures to mark down
  std::string method = "eth_blockNumber"; ///< JSON-RPC probe method

  /// Returns whether every member is equal.
  friend bool operator==(const health_check_settings&, const health_check_settings&) = default;
};

/// Per-host circuit breaker.
struct breaker_settings {
  std::uint32_t failure_threshold = 5;       ///< consecutive failures that open the breaker
  double failure_rate = 0.5;                 ///< or this failure share over the window
  std::uint32_t window_size = 20;            ///< outcomes in the sliding window
  std::uint32_t minimum_requests = 10;       ///< before the rate applies
  std::uint32_t recovery_timeout_ms = 10000; ///< open -> half-open
  std::uint32_t half_open_successes = 2;     ///< half-open -> closed

  /// Returns whether every member is equal.
  friend bool operator==(const breaker_settings&, const breaker_settings&) = default;
};

/// Retries of idempotent calls.
struct retry_settings {
  std::uint32_t max_attempts = 1; ///< 1 = no retry
  std::uint32_t base_backoff_ms = 50;
  std::uint32_t max_backoff_ms = 1000;
  double budget_ratio = 0.1; ///< retries may add at most this share of traffic

  /// Returns whether every member is equal.
  friend bool operator==(const retry_settings&, const retry_settings&) = default;
};

/// Hedged requests (JSON-RPC).
struct hedging_settings {
  bool enabled = false;
  std::uint32_t min_delay_ms = 20;
  std::uint32_t max_delay_ms = 500;
  std::uint32_t max_extra = 1; ///< extra copies in flight per call

  /// Returns whether every member is equal.
  friend bool operator==(const hedging_settings&, const hedging_settings&) = default;
};

/// An upstream network: hosts, pool, timeouts, routing rules and resilience policy.
struct network_settings {
  std::string name;
  std::string node; ///< the cluster node hosting it; empty: this node (every node naming it)
  protocol_kind protocol = protocol_kind::iso8583;
  std::string dialect = "iso87-ascii";
  framing_kind framing = framing_kind::len2;
  std::uint16_t header_bytes = 0;
  std::vector<host_settings> hosts;
  std::uint32_t pool_size = 4;                 ///< persistent connections per host
  std::uint32_t pool_overflow = 0;             ///< extra connections allowed under load
  std::uint32_t pool_overflow_idle_ms = 30000; ///< an idle overflow connection closes after this
  std::uint32_t pool_max_age_ms = 0;           ///< connections are replaced at this age; 0 = never
  std::uint32_t connect_timeout_ms = 2000;
  std::uint32_t timeout_ms = 30000;                   ///< per request
  std::uint32_t echo_interval_ms = 30000;             ///< idle connection keepalive (ISO 8583)
  bool sign_on = false;                               ///< 0800 / field 70 = 001 after connect
  std::vector<std::uint16_t> match_fields = {11, 41}; ///< request/response key fields
  std::uint32_t stan_low = 800000;           ///< switch-assigned STANs (on collisions) come from
  std::uint32_t stan_high = 899999;          ///< stan_low..stan_high, apart from terminals' own
  std::uint32_t stan_memory_ms = 86400000;   ///< switched STANs are remembered this long
  std::uint32_t max_owed_reversals = 100000; ///< past this, financial requests are refused 91
  /// ISO 8583: bytes one connection to a host may hold unwritten; past them the network's
  /// requests are refused 91 at once, until a quarter of that is left.
  std::uint32_t max_unwritten_bytes = 1U << 20;
  bool forward_journal = false; ///< journal each financial request before it goes upstream
  std::string path = "/";       ///< JSON-RPC HTTP path
  std::uint32_t pipeline_depth
    = 1; ///< JSON-RPC requests in flight per connection (1: no pipelining)
  std::map<std::string, std::uint32_t> method_timeouts_ms; ///< JSON-RPC: timeout_ms per method
  std::uint32_t max_response_bytes = 64U << 20; ///< JSON-RPC: a provider's answer at most
  tls_settings tls;
  std::string bin_table; ///< ISO 8583: CSV of this network's BIN ranges; empty: none
  std::uint32_t bin_table_priority = 100; ///< the table acts as one rule at this priority
  std::vector<rule_settings> rules;
  std::vector<std::string> fallbacks;
  iso8583::transform_rules transform; ///< ISO 8583: field changes on the way there and back
  health_check_settings health_check;
  breaker_settings breaker;
  retry_settings retry;
  hedging_settings hedging;
  balancing_kind load_balancing = balancing_kind::round_robin;

  /// Returns whether every member is equal.
  friend bool operator==(const network_settings&, const network_settings&) = default;
};

/// Node-wide routing: the node's BIN table, whose ranges name their networks.
struct routing_settings {
  std::string bin_table;                  ///< CSV of BIN ranges and networks; empty: none
  std::uint32_t bin_table_priority = 100; ///< the table acts as one rule at this priority

  /// Returns whether every member is equal.
  friend bool operator==(const routing_settings&, const routing_settings&) = default;
};

/// Where and how much the node logs.
struct logging_settings {
  std::string level = "info";  ///< trace, debug, info, warn, error
  std::string format = "logfmt"; ///< logfmt, json or text (the older human layout)
  std::string file;            ///< absolute (relative ones resolve against the config's folder);
                               ///< empty = standard error

  /// Returns whether every member is equal.
  friend bool operator==(const logging_settings&, const logging_settings&) = default;
};

/// The optional HTTP admin endpoint (status and metrics).
struct admin_http_settings {
  bool enabled = false;
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;

  /// Returns whether every member is equal.
  friend bool operator==(const admin_http_settings&, const admin_http_settings&) = default;
};

/// Everything one node runs with, parsed and validated once at start.
struct gateway_settings {
  std::string source_file; ///< the file these settings came from
  node_settings node;
  cluster_settings cluster;
  std::vector<listener_settings> listeners;
  std::vector<network_settings> networks;
  routing_settings routing;
  logging_settings logging;
  admin_http_settings admin_http;

  /// Returns whether every member is equal.
  friend bool operator==(const gateway_settings&, const gateway_settings&) = default;
};

/// Returns the TOML spelling of an enum value ("iso8583", "len2", "round_robin", ...).
const char* to_string(protocol_kind x);
const char* to_string(framing_kind x);
const char* to_string(balancing_kind x);
const char* to_string(probe_kind x);

} // namespace switchyard::config
