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

} // namespace switchyard
