#include "config/settings_writer.hpp"

#include "config/detail/parse_tls.hpp"
#include "config/detail/toml_writer.hpp"
#include "config/detail/transform_writer.hpp"

namespace switchyard::config {

namespace {

using detail::tls_role;
using detail::toml_document;
using detail::toml_fields;

toml_fields node_fields(const node_settings& x) {
  toml_fields f;
  f.set_string("name", x.name);
  f.set_string("cluster_address", x.cluster_address);
  f.set_integer("cluster_port", x.cluster_port);
  f.set_integer("scheduler_threads", x.scheduler_threads);
  f.set_string("scheduler_policy", x.scheduler_policy);
  f.set_integer("io_threads", x.io_threads);
  f.set_string("state_dir", x.state_dir);
  f.set_string("state_key_file", x.state_key_file);
  return f;
}

std::string seed_text(const seed_node& x) {
  // An IPv6 address goes in brackets, as parse_seed reads it.
  auto host = x.host.find(':') == std::string::npos ? x.host : '[' + x.host + ']';
  return host + ':' + std::to_string(x.port);
}

toml_fields cluster_fields(const cluster_settings& x) {
  toml_fields f;
  std::vector<std::string> seeds;
  for (const auto& seed : x.seeds)
    seeds.push_back(seed_text(seed));
  f.set_raw("seeds", detail::string_array(seeds));
  f.set_string("advertise_address", x.advertise_address);
  f.set_integer("heartbeat_interval_ms", x.heartbeat_interval_ms);
  f.set_integer("connection_timeout_ms", x.connection_timeout_ms);
  return f;
}

toml_fields tls_fields(const tls_settings& x, tls_role role) {
  toml_fields f;
  f.set_string("ca", x.ca);
  f.set_string("cert", x.cert);
  f.set_string("key", x.key);
  if (role == tls_role::listener)
    f.set_bool("require_peer_cert", x.require_peer_cert);
  if (role == tls_role::connector)
    f.set_string("server_name", x.server_name);
  if (role != tls_role::cluster) {
    f.set_string("min_version", x.min_version);
    f.set_string("ciphers", x.ciphers);
    f.set_string("ciphersuites", x.ciphersuites);
  }
  return f;
}

// Only ISO 8583 endpoints take a dialect, a framing and a header.
template <class Settings>
void set_codec(toml_fields& f, const Settings& x) {
  if (x.protocol != protocol_kind::iso8583)
    return;
  f.set_string("dialect", x.dialect);
  f.set_string("framing", to_string(x.framing));
  f.set_integer("header_bytes", x.header_bytes);
}

toml_fields listener_fields(const listener_settings& x) {
  toml_fields f;
  f.set_string("name", x.name);
  f.set_string("protocol", to_string(x.protocol));
  f.set_string("address", x.address);
  f.set_integer("port", x.port);
  set_codec(f, x);
  f.set_integer("max_connections", x.max_connections);
  f.set_integer("max_in_flight_per_connection", x.max_in_flight_per_connection);
  f.set_integer("idle_timeout_ms", x.idle_timeout_ms);
  f.set_integer("max_frame_bytes", x.max_frame_bytes);
  if (x.protocol == protocol_kind::iso8583) {
    f.set_string("network_management",
                 x.network_management == network_management_kind::local ? "local" : "route");
  } else {
    f.set_integer("read_timeout_ms", x.read_timeout_ms);
    f.set_raw("cors_origins", detail::string_array(x.cors_origins));
  }
  return f;
}

std::string host_text(const host_settings& x) {
  toml_fields f;
  f.set_string("address", x.address);
  f.set_integer("port", x.port);
  f.set_integer("weight", x.weight);
  return f.inline_table();
}

std::string rule_text(const rule_settings& x) {
  toml_fields f;
  f.set_integer("priority", x.priority);
  if (x.is_default)
    f.set_bool("default", true);
  if (x.bin)
    f.set_string("bin_range", x.bin->low + '-' + x.bin->high);
  if (x.mti)
    f.set_string("mti", *x.mti);
  if (!x.field_values.empty()) {
    std::vector<std::string> values;
    for (const auto& fv : x.field_values) {
      toml_fields v;
      v.set_integer("field", fv.field);
      v.set_string("value", fv.value);
      values.push_back(v.inline_table());
    }
    f.set_raw("field_values", detail::inline_array(values));
  }
  if (!x.fields_present.empty())
    f.set_raw("fields_present", detail::integer_array(x.fields_present));
  if (x.amount_above)
    f.set_integer("amount_above", *x.amount_above);
  if (x.method)
    f.set_string("method", *x.method);
  return f.inline_table();
}

void set_iso8583_connection(toml_fields& f, const network_settings& x) {
  f.set_integer("echo_interval_ms", x.echo_interval_ms);
  f.set_bool("sign_on", x.sign_on);
  f.set_raw("match_fields", detail::integer_array(x.match_fields));
  f.set_string("stan_range", std::to_string(x.stan_low) + '-' + std::to_string(x.stan_high));
  f.set_integer("stan_memory_ms", x.stan_memory_ms);
  f.set_integer("max_owed_reversals", x.max_owed_reversals);
  f.set_integer("max_unwritten_bytes", x.max_unwritten_bytes);
  f.set_bool("forward_journal", x.forward_journal);
  f.set_string("bin_table", x.bin_table);
  f.set_integer("bin_table_priority", x.bin_table_priority);
}

void set_jsonrpc_connection(toml_fields& f, const network_settings& x) {
  f.set_string("path", x.path);
  f.set_integer("pipeline_depth", x.pipeline_depth);
  f.set_integer("max_response_bytes", x.max_response_bytes);
  toml_fields timeouts;
  for (const auto& [method, ms] : x.method_timeouts_ms)
    timeouts.set_integer(method, ms);
  f.set_raw("method_timeouts_ms", timeouts.inline_table());
}

toml_fields network_fields(const network_settings& x) {
  toml_fields f;
  f.set_string("name", x.name);
  f.set_string("node", x.node);
  f.set_string("protocol", to_string(x.protocol));
  set_codec(f, x);
  std::vector<std::string> hosts;
  for (const auto& host : x.hosts)
    hosts.push_back(host_text(host));
  f.set_raw("hosts", detail::multiline_array(hosts));
  f.set_string("load_balancing", to_string(x.load_balancing));
  f.set_integer("pool_size", x.pool_size);
  f.set_integer("pool_overflow", x.pool_overflow);
  f.set_integer("pool_overflow_idle_ms", x.pool_overflow_idle_ms);
  f.set_integer("pool_max_age_ms", x.pool_max_age_ms);
  f.set_integer("connect_timeout_ms", x.connect_timeout_ms);
  f.set_integer("timeout_ms", x.timeout_ms);
  if (x.protocol == protocol_kind::iso8583)
    set_iso8583_connection(f, x);
  else
    set_jsonrpc_connection(f, x);
  std::vector<std::string> rules;
  for (const auto& rule : x.rules)
    rules.push_back(rule_text(rule));
  f.set_raw("rules", detail::multiline_array(rules));
  f.set_raw("fallbacks", detail::string_array(x.fallbacks));
  return f;
}

toml_fields health_check_fields(const network_settings& x) {
  const auto& hc = x.health_check;
  toml_fields f;
  f.set_string("kind", to_string(hc.kind));
  f.set_integer("interval_ms", hc.interval_ms);
  f.set_integer("jitter_ms", hc.jitter_ms);
  f.set_integer("timeout_ms", hc.timeout_ms);
  f.set_integer("healthy_threshold", hc.healthy_threshold);
  f.set_integer("unhealthy_threshold", hc.unhealthy_threshold);
  // The probe method means nothing to an ISO 8583 network unless someone set it.
  if (x.protocol == protocol_kind::jsonrpc || hc.method != health_check_settings{}.method)
    f.set_string("method", hc.method);
  return f;
}

toml_fields breaker_fields(const breaker_settings& x) {
  toml_fields f;
  f.set_integer("failure_threshold", x.failure_threshold);
  f.set_float("failure_rate", x.failure_rate);
  f.set_integer("window_size", x.window_size);
  f.set_integer("minimum_requests", x.minimum_requests);
  f.set_integer("recovery_timeout_ms", x.recovery_timeout_ms);
  f.set_integer("half_open_successes", x.half_open_successes);
  return f;
}

toml_fields retry_fields(const retry_settings& x) {
  toml_fields f;
  f.set_integer("max_attempts", x.max_attempts);
  f.set_integer("base_backoff_ms", x.base_backoff_ms);
  f.set_integer("max_backoff_ms", x.max_backoff_ms);
  f.set_float("budget_ratio", x.budget_ratio);
  return f;
}

toml_fields hedging_fields(const hedging_settings& x) {
  toml_fields f;
  f.set_bool("enabled", x.enabled);
  f.set_integer("min_delay_ms", x.min_delay_ms);
  f.set_integer("max_delay_ms", x.max_delay_ms);
  f.set_integer("max_extra", x.max_extra);
  return f;
}

void write_network(toml_document& doc, const network_settings& x) {
  doc.array_entry("networks", network_fields(x));
  doc.table("networks.health_check", health_check_fields(x));
  doc.table("networks.circuit_breaker", breaker_fields(x.breaker));
  doc.table("networks.retry", retry_fields(x.retry));
  // Only JSON-RPC may hedge; an ISO 8583 network shows the table only when someone set it.
  if (x.protocol == protocol_kind::jsonrpc || x.hedging != hedging_settings{})
    doc.table("networks.hedging", hedging_fields(x.hedging));
  if (x.tls.enabled)
    doc.table("networks.tls", tls_fields(x.tls, tls_role::connector));
  detail::write_transform(doc, x.transform);
}

toml_fields routing_fields(const routing_settings& x) {
  toml_fields f;
  f.set_string("bin_table", x.bin_table);
  f.set_integer("bin_table_priority", x.bin_table_priority);
  return f;
}

toml_fields logging_fields(const logging_settings& x) {
  toml_fields f;
  f.set_string("level", x.level);
  f.set_string("format", x.format);
  f.set_string("file", x.file);
  return f;
}

toml_fields admin_http_fields(const admin_http_settings& x) {
  toml_fields f;
  f.set_bool("enabled", x.enabled);
  f.set_string("address", x.address);
  f.set_integer("port", x.port);
  return f;
}

} // namespace

std::string to_toml(const gateway_settings& settings) {
  toml_document doc;
  doc.comment("Switchyard: the effective configuration of node \"" + settings.node.name
              + "\".\nEvery key is written out, defaults included; file paths are absolute.\n"
                "Check it with: switchyard check-config FILE");
  doc.table("node", node_fields(settings.node));
  doc.table("cluster", cluster_fields(settings.cluster));
  if (settings.cluster.tls.enabled)
    doc.table("cluster.tls", tls_fields(settings.cluster.tls, tls_role::cluster));
  for (const auto& listener : settings.listeners) {
    doc.array_entry("listeners", listener_fields(listener));
    if (listener.tls.enabled)
      doc.table("listeners.tls", tls_fields(listener.tls, tls_role::listener));
  }
  for (const auto& network : settings.networks)
    write_network(doc, network);
  doc.table("routing", routing_fields(settings.routing));
  doc.table("logging", logging_fields(settings.logging));
  doc.table("admin_http", admin_http_fields(settings.admin_http));
  return doc.text();
}

std::string to_toml(const network_settings& network) {
  toml_document doc;
  doc.comment("Switchyard network \"" + network.name
              + "\": a network snippet, one [[networks]] entry of the configuration file.\n"
                "Every key is written out, defaults included; file paths are absolute.");
  write_network(doc, network);
  return doc.text();
}

} // namespace switchyard::config
