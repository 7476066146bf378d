#include "actors/status_views.hpp"

#include "actors/io/tls_context.hpp"
#include "protocols/iso8583/transform_rules.hpp"

#include <string>

namespace switchyard {

network_status make_network_status(const config::network_settings& settings, bool connected,
                                   bool healthy) {
  network_status result;
  result.name = settings.name;
  result.protocol = config::to_string(settings.protocol);
  for (const auto& host : settings.hosts)
    result.hosts.push_back(host.address + ":" + std::to_string(host.port) + " (weight "
                           + std::to_string(host.weight) + ")");
  result.fallbacks = settings.fallbacks;
  result.rules = static_cast<std::uint32_t>(settings.rules.size());
  result.connected = connected;
  result.healthy = healthy;
  result.node = settings.node;
  for (const auto& step : settings.transform.request)
    result.request_transforms.push_back(iso8583::describe(step));
  for (const auto& step : settings.transform.response)
    result.response_transforms.push_back(iso8583::describe(step));
  return result;
}

std::vector<network_status> make_network_statuses(const network_table& table) {
  std::vector<network_status> result;
  result.reserve(table.entries().size());
  for (const auto& [name, row] : table.entries())
    result.push_back(make_network_status(row.settings, row.connected, row.healthy));
  return result;
}

std::vector<pool_stats> make_initial_pools(const config::network_settings& settings) {
  std::vector<pool_stats> result;
  // The file's certificate, read at each report: the one a (re)started connector loads, so a
  // renewal shows without a new field in the connector's numbers.
  auto not_after = settings.tls.enabled && !settings.tls.cert.empty()
                     ? certificate_not_after(settings.tls.cert)
                     : 0;
  for (const auto& host : settings.hosts) {
    pool_stats row;
    row.network = settings.name;
    row.host = host.address + ":" + std::to_string(host.port);
    row.size = settings.pool_size;
    row.overflow = settings.pool_overflow;
    row.cert_not_after = not_after;
    result.push_back(std::move(row));
  }
  return result;
}

std::int64_t listener_cert_not_after(const config::gateway_settings& settings,
                                     const std::string& name) {
  for (const auto& l : settings.listeners)
    if (l.name == name && l.tls.enabled)
      return certificate_not_after(l.tls.cert);
  return 0;
}

network_counts counts_of(const network_numbers& n) {
  return {n.requests,        n.responses, n.timeouts,   n.unavailable,       n.rejected,   n.late,
          n.upstream_errors, n.remapped,  n.duplicates, n.refused_financial, n.undelivered};
}

connector_stats make_connector_stats(const std::string& network, network_numbers n,
                                     const network_counts& c) {
  connector_stats s;
  s.network = network;
  s.links = n.links;
  s.links_up = n.links_up;
  s.requests = c.requests;
  s.responses = c.responses;
  s.timeouts = c.timeouts;
  s.unavailable = c.unavailable;
  s.rejected = c.rejected;
  s.late = c.late;
  s.remapped = c.remapped;
  s.in_flight = n.in_flight;
  s.reversals_pending = n.owed;
  s.reversals_acknowledged = n.acknowledged;
  s.duplicates = c.duplicates;
  s.refused_financial = c.refused_financial;
  s.undelivered = c.undelivered;
  s.upstream_errors = c.upstream_errors;
  s.alarms = std::move(n.alarms);
  const auto& buckets = n.latency.buckets();
  s.latency_buckets.assign(buckets.begin(), buckets.end());
  s.latency_sum_s = n.latency.sum_seconds();
  return s;
}

saf_report make_saf_report(const std::string& network, network_numbers n) {
  saf_report r;
  r.network = network;
  r.journal = std::move(n.journal);
  r.quarantined = n.quarantined;
  r.owed = n.owed;
  r.acknowledged = n.acknowledged;
  r.refused_by_issuer = n.refused_by_upstream;
  r.alarms = std::move(n.alarms);
  for (auto& o : n.owed_rows)
    r.rows.push_back(
      {o.id, std::move(o.kind), o.attempts, o.due_in_ms, o.in_flight, std::move(o.summary)});
  return r;
}

} // namespace switchyard
