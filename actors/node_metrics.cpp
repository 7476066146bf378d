#include "actors/node_picture.hpp"
#include "core/latency_histogram.hpp"

// The picture in the Prometheus text exposition format.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace switchyard {

namespace {

using label = std::pair<std::string_view, std::string_view>;

// Writes metric families in the text exposition format.
class exposition {
public:
  // Starts family `name` of `type` (counter or gauge).
  void family(std::string_view name, std::string_view type, std::string_view help) {
    out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }

  void sample(std::string_view name, std::initializer_list<label> labels, std::uint64_t value) {
    head(name, labels);
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
    out_.append(digits, end).append("\n");
  }

  void sample(std::string_view name, std::initializer_list<label> labels, double value) {
    head(name, labels);
    char digits[32];
    auto n = std::snprintf(digits, sizeof(digits), "%.9g", value);
    out_.append(digits, static_cast<std::size_t>(n)).append("\n");
  }

  std::string take() { return std::move(out_); }

private:
  void head(std::string_view name, std::initializer_list<label> labels) {
    out_.append(name);
    if (labels.size() == 0) {
      out_ += ' ';
      return;
    }
    out_ += '{';
    bool first = true;
    for (const auto& [key, value] : labels) {
      if (!first)
        out_ += ',';
      first = false;
      out_.append(key).append("=\"");
      // Label values escape backslash, double quote and line feed.
      for (char c : value) {
        if (c == '\\' || c == '"')
          out_ += '\\';
        if (c == '\n') {
          out_ += "\\n";
          continue;
        }
        out_ += c;
      }
      out_ += '"';
    }
    out_ += "} ";
  }

  std::string out_;
};

std::uint64_t as_count(bool b) {
  return b ? 1 : 0;
}

void node_families(exposition& e, const node_picture& p) {
  const auto& s = p.status;
  e.family("switchyard_build_info", "gauge", "The running node's name and version (always 1).");
  e.sample("switchyard_build_info", {{"node", s.node}, {"version", s.version}}, std::uint64_t{1});
  e.family("switchyard_uptime_seconds", "gauge", "Seconds since the node started.");
  e.sample("switchyard_uptime_seconds", {}, static_cast<double>(s.uptime_ms) / 1000.0);
  e.family("switchyard_actor_running", "gauge",
           "1 while the actor at this path of the supervision tree runs.");
  for (const auto& a : s.actors)
    e.sample("switchyard_actor_running", {{"path", a.path}}, as_count(a.state == "running"));
  e.family("switchyard_actor_restarts_total", "counter",
           "Restarts of the actor at this path by its supervisor.");
  for (const auto& a : s.actors)
    e.sample("switchyard_actor_restarts_total", {{"path", a.path}}, std::uint64_t{a.restarts});
}

void network_families(exposition& e, const node_picture& p) {
  e.family("switchyard_network_up", "gauge",
           "1 while the network has a connector and its health verdict is healthy.");
  for (const auto& n : p.status.networks)
    e.sample("switchyard_network_up", {{"network", n.name}, {"protocol", n.protocol}},
             as_count(n.connected && n.healthy));
  e.family("switchyard_network_health_failures", "gauge",
           "Consecutive failed health reports of the network.");
  for (const auto& h : p.health)
    e.sample("switchyard_network_health_failures", {{"network", h.network}},
             std::uint64_t{h.consecutive_failures});

  struct counter {
    std::string_view name;
    std::string_view help;
    std::uint64_t connector_stats::*field;
  };

  static constexpr counter counters[] = {
    {"switchyard_network_requests_total", "Requests routed to the network.",
     &connector_stats::requests},
    {"switchyard_network_responses_total", "Answers the network's hosts gave.",
     &connector_stats::responses},
    {"switchyard_network_late_responses_total", "Answers that came after their deadline.",
     &connector_stats::late},
    {"switchyard_network_remapped_stans_total",
     "ISO 8583 requests sent with a switch-assigned STAN.", &connector_stats::remapped},
    {"switchyard_network_undelivered_total", "Approvals the acquirer never received (reversed).",
     &connector_stats::undelivered},
    {"switchyard_reversals_acknowledged_total", "Reversal advices acknowledged by a 0430.",
     &connector_stats::reversals_acknowledged},
  };
  for (const auto& c : counters) {
    e.family(c.name, "counter", c.help);
    for (const auto& s : p.stats)
      e.sample(c.name, {{"network", s.network}}, s.*(c.field));
  }

  // What the gateway answered itself, by reason (ISO 8583 field 39 / JSON-RPC error code).
  static constexpr std::pair<std::string_view, std::uint64_t connector_stats::*> reasons[] = {
    {"timeout", &connector_stats::timeouts},                    // 68 / -32001
    {"unavailable", &connector_stats::unavailable},             // 91 / -32000
    {"rejected", &connector_stats::rejected},                   // 30 / -32002
    {"duplicate", &connector_stats::duplicates},                // 94 / -32004
    {"refused_financial", &connector_stats::refused_financial}, // 91: reversals unsafe
    {"upstream_error", &connector_stats::upstream_errors},      // -32003
  };
  e.family("switchyard_network_gateway_answers_total", "counter",
           "Requests the gateway answered itself instead of the network, by reason.");
  for (const auto& s : p.stats)
    for (const auto& [reason, field] : reasons)
      e.sample("switchyard_network_gateway_answers_total",
               {{"network", s.network}, {"reason", reason}}, s.*field);

  e.family("switchyard_network_in_flight", "gauge", "Requests sent and not yet answered.");
  for (const auto& s : p.stats)
    e.sample("switchyard_network_in_flight", {{"network", s.network}}, s.in_flight);
  e.family("switchyard_network_connections", "gauge",
           "Upstream connections of the network, configured and up.");
  for (const auto& s : p.stats) {
    e.sample("switchyard_network_connections", {{"network", s.network}, {"state", "configured"}},
             std::uint64_t{s.links});
    e.sample("switchyard_network_connections", {{"network", s.network}, {"state", "up"}},
             std::uint64_t{s.links_up});
  }
  e.family("switchyard_reversals_owed", "gauge", "Reversal advices owed and not yet acknowledged.");
  for (const auto& s : p.stats)
    e.sample("switchyard_reversals_owed", {{"network", s.network}}, s.reversals_pending);
  e.family("switchyard_network_alarms", "gauge", "Alarms an operator must act on now.");
  for (const auto& s : p.stats)
    e.sample("switchyard_network_alarms", {{"network", s.network}}, std::uint64_t{s.alarms.size()});
}

void latency_family(exposition& e, const node_picture& p) {
  using core::latency_histogram;
  constexpr std::string_view name = "switchyard_network_latency_seconds";
  e.family(name, "histogram", "How long answered requests took upstream, sent to answered.");
  for (const auto& s : p.stats) {
    std::array<std::uint64_t, latency_histogram::bounds.size() + 1> buckets{};
    if (s.latency_buckets.size() != buckets.size())
      continue; // a connector of another build: no histogram rather than a wrong one
    std::copy(s.latency_buckets.begin(), s.latency_buckets.end(), buckets.begin());
    auto h = latency_histogram::from(buckets, s.latency_sum_s);
    for (std::size_t i = 0; i <= latency_histogram::bounds.size(); ++i) {
      char le[24] = "+Inf";
      if (i < latency_histogram::bounds.size())
        std::snprintf(le, sizeof(le), "%g", latency_histogram::bounds[i]);
      e.sample("switchyard_network_latency_seconds_bucket", {{"network", s.network}, {"le", le}},
               h.cumulative(i));
    }
    e.sample("switchyard_network_latency_seconds_sum", {{"network", s.network}}, h.sum_seconds());
    e.sample("switchyard_network_latency_seconds_count", {{"network", s.network}}, h.count());
  }
}

void pool_families(exposition& e, const node_picture& p) {
  e.family("switchyard_pool_connections", "gauge",
           "Connections of a network host's pool: configured size, overflow allowed, open, busy.");
  for (const auto& pool : p.pools) {
    const std::pair<std::string_view, std::uint32_t> states[] = {
      {"size", pool.size}, {"overflow", pool.overflow}, {"open", pool.open}, {"busy", pool.busy}};
    for (const auto& [state, value] : states)
      e.sample("switchyard_pool_connections",
               {{"network", pool.network}, {"host", pool.host}, {"state", state}},
               std::uint64_t{value});
  }
  e.family("switchyard_host_breaker_state", "gauge",
           "1 for the state the host's circuit breaker is in (closed, open, half_open).");
  for (const auto& pool : p.pools)
    for (std::string_view state : {"closed", "open", "half_open"})
      e.sample("switchyard_host_breaker_state",
               {{"network", pool.network}, {"host", pool.host}, {"state", state}},
               std::uint64_t{pool.breaker == state});
  e.family("switchyard_host_breaker_opened_total", "counter",
           "Times the host's circuit breaker opened (since its connector started).");
  for (const auto& pool : p.pools)
    e.sample("switchyard_host_breaker_opened_total",
             {{"network", pool.network}, {"host", pool.host}}, pool.breaker_opened);
  static constexpr std::pair<std::string_view, std::uint64_t pool_stats::*> events[] = {
    {"opened", &pool_stats::opened},
    {"closed", &pool_stats::closed},
    {"recycled", &pool_stats::recycled},
  };
  e.family("switchyard_pool_connection_events_total", "counter",
           "Connections of a network host's pool opened, closed and recycled.");
  for (const auto& pool : p.pools)
    for (const auto& [event, field] : events)
      e.sample("switchyard_pool_connection_events_total",
               {{"network", pool.network}, {"host", pool.host}, {"event", event}}, pool.*field);
}

void listener_families(exposition& e, const node_picture& p) {
  e.family("switchyard_listener_connections", "gauge", "Client connections open now.");
  for (const auto& l : p.listeners)
    e.sample("switchyard_listener_connections", {{"listener", l.name}, {"protocol", l.protocol}},
             l.active);
  e.family("switchyard_listener_signed_on_connections", "gauge",
           "ISO 8583 acquirer connections signed on now (field 70 = 001).");
  for (const auto& l : p.listeners)
    e.sample("switchyard_listener_signed_on_connections",
             {{"listener", l.name}, {"protocol", l.protocol}}, l.signed_on);

  struct counter {
    std::string_view name;
    std::string_view help;
    std::uint64_t listener_status::*field;
  };

  static constexpr counter counters[] = {
    {"switchyard_listener_accepted_total", "Client connections accepted.",
     &listener_status::accepted},
    {"switchyard_listener_requests_total", "Requests read.", &listener_status::requests},
    {"switchyard_listener_responses_total", "Responses written.", &listener_status::responses},
    {"switchyard_listener_idle_closed_total", "Connections closed for idleness.",
     &listener_status::idle_closed},
    {"switchyard_listener_websocket_upgrades_total", "JSON-RPC connections upgraded to WebSocket.",
     &listener_status::upgrades},
    {"switchyard_listener_notifications_total", "JSON-RPC subscription notifications relayed.",
     &listener_status::notifications},
    {"switchyard_listener_tls_failures_total", "TLS handshakes with clients that failed.",
     &listener_status::tls_failures},
  };
  for (const auto& c : counters) {
    e.family(c.name, "counter", c.help);
    for (const auto& l : p.listeners)
      e.sample(c.name, {{"listener", l.name}, {"protocol", l.protocol}}, l.*(c.field));
  }
  static constexpr std::pair<std::string_view, std::uint64_t listener_status::*> reasons[] = {
    {"format", &listener_status::format_errors},
    {"refused", &listener_status::rejected_frames},
    {"over_connection_limit", &listener_status::rejected_over_limit},
  };
  e.family("switchyard_listener_rejected_total", "counter",
           "Inputs rejected: malformed (format), refused (framing, HTTP errors), connections "
           "over the limit.");
  for (const auto& l : p.listeners)
    for (const auto& [reason, field] : reasons)
      e.sample("switchyard_listener_rejected_total",
               {{"listener", l.name}, {"protocol", l.protocol}, {"reason", reason}}, l.*field);
}

} // namespace

std::string prometheus_text(const node_picture& picture) {
  exposition e;
  node_families(e, picture);
  network_families(e, picture);
  latency_family(e, picture);
  pool_families(e, picture);
  listener_families(e, picture);
  return e.take();
}

} // namespace switchyard
