#include "actors/node_picture.hpp"

// The picture as status JSON, and the readiness verdict.

#include "core/latency_histogram.hpp"
#include "protocols/jsonrpc/json_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace switchyard {

namespace {

// A tiny JSON writer: objects and arrays with commas placed for the caller.
class json_writer {
public:
  json_writer& open(char c) {
    comma();
    out_ += c;
    fresh_ = true;
    return *this;
  }

  json_writer& close(char c) {
    out_ += c;
    fresh_ = false;
    return *this;
  }

  json_writer& key(std::string_view k) {
    comma();
    jsonrpc::append_json_string(out_, k);
    out_ += ':';
    fresh_ = true;
    return *this;
  }

  json_writer& value(std::string_view v) {
    comma();
    jsonrpc::append_json_string(out_, v);
    return *this;
  }

  json_writer& value(std::uint64_t v) {
    comma();
    out_ += std::to_string(v);
    return *this;
  }

  json_writer& value(double v) {
    comma();
    char digits[32];
    auto n = std::snprintf(digits, sizeof(digits), "%.9g", v);
    out_.append(digits, static_cast<std::size_t>(n));
    return *this;
  }

  json_writer& value(bool v) {
    comma();
    out_ += v ? "true" : "false";
    return *this;
  }

  json_writer& field(std::string_view k, std::string_view v) { return key(k).value(v); }

  json_writer& field(std::string_view k, std::uint64_t v) { return key(k).value(v); }

  json_writer& field(std::string_view k, bool v) { return key(k).value(v); }

  json_writer& field(std::string_view k, double v) { return key(k).value(v); }

  json_writer& strings(std::string_view k, const std::vector<std::string>& list) {
    key(k).open('[');
    for (const auto& s : list)
      value(s);
    return close(']');
  }

  std::string take() { return std::move(out_); }

private:
  void comma() {
    if (!fresh_ && !out_.empty())
      out_ += ',';
    fresh_ = false;
  }

  std::string out_;
  bool fresh_ = true;
};

// The `q` quantile of a network's answer times in milliseconds (rounded to microseconds), or
// -1 while it has answered nothing.
double quantile_ms(const connector_stats& c, double q) {
  std::array<std::uint64_t, core::latency_histogram::bounds.size() + 1> buckets{};
  if (c.latency_buckets.size() != buckets.size())
    return -1;
  std::copy(c.latency_buckets.begin(), c.latency_buckets.end(), buckets.begin());
  auto value = core::latency_histogram::from(buckets, c.latency_sum_s).quantile(q);
  return value ? std::round(*value * 1e6) / 1e3 : -1;
}

} // namespace

std::string status_json(const node_picture& p) {
  json_writer j;
  const auto& s = p.status;
  j.open('{')
    .field("node", s.node)
    .field("version", s.version)
    .field("uptime_ms", static_cast<std::uint64_t>(std::max<std::int64_t>(s.uptime_ms, 0)))
    .field("cluster_port", std::uint64_t{s.cluster_port});
  auto verdict = readiness_of(p);
  j.field("ready", verdict.ready).field("readiness", verdict.reason);
  j.key("actors").open('[');
  for (const auto& a : s.actors)
    j.open('{')
      .field("path", a.path)
      .field("state", a.state)
      .field("restarts", std::uint64_t{a.restarts})
      .close('}');
  j.close(']');
  j.key("networks").open('[');
  for (const auto& n : s.networks)
    j.open('{')
      .field("name", n.name)
      .field("protocol", n.protocol)
      .field("connected", n.connected)
      .field("healthy", n.healthy)
      .field("rules", std::uint64_t{n.rules})
      .strings("hosts", n.hosts)
      .strings("fallbacks", n.fallbacks)
      .close('}');
  j.close(']');
  j.key("health").open('[');
  for (const auto& h : p.health)
    j.open('{')
      .field("network", h.network)
      .field("healthy", h.healthy)
      .field("consecutive_failures", std::uint64_t{h.consecutive_failures})
      .field("reports", h.reports)
      .field("last_failure", h.last_detail)
      .close('}');
  j.close(']');
  j.key("pools").open('[');
  for (const auto& pool : p.pools)
    j.open('{')
      .field("network", pool.network)
      .field("host", pool.host)
      .field("size", std::uint64_t{pool.size})
      .field("overflow", std::uint64_t{pool.overflow})
      .field("open", std::uint64_t{pool.open})
      .field("busy", std::uint64_t{pool.busy})
      .field("opened", pool.opened)
      .field("closed", pool.closed)
      .field("recycled", pool.recycled)
      .field("breaker", pool.breaker)
      .field("breaker_opened", pool.breaker_opened)
      .close('}');
  j.close(']');
  j.key("stats").open('[');
  for (const auto& c : p.stats)
    j.open('{')
      .field("network", c.network)
      .field("links", std::uint64_t{c.links})
      .field("links_up", std::uint64_t{c.links_up})
      .field("requests", c.requests)
      .field("responses", c.responses)
      .field("timeouts", c.timeouts)
      .field("unavailable", c.unavailable)
      .field("rejected", c.rejected)
      .field("late", c.late)
      .field("in_flight", c.in_flight)
      .field("upstream_errors", c.upstream_errors)
      .field("reversals_owed", c.reversals_pending)
      .key("latency_ms")
      .open('{')
      .field("p50", quantile_ms(c, 0.5))
      .field("p99", quantile_ms(c, 0.99))
      .close('}')
      .strings("alarms", c.alarms)
      .close('}');
  j.close(']');
  j.key("listeners").open('[');
  for (const auto& l : p.listeners)
    j.open('{')
      .field("name", l.name)
      .field("protocol", l.protocol)
      .field("endpoint", l.endpoint)
      .field("tls", l.tls)
      .field("active", l.active)
      .field("accepted", l.accepted)
      .field("requests", l.requests)
      .field("responses", l.responses)
      .close('}');
  j.close(']');
  j.close('}');
  return j.take();
}

readiness readiness_of(const node_picture& p) {
  const auto& networks = p.status.networks;
  auto up = static_cast<std::size_t>(std::count_if(
    networks.begin(), networks.end(), [](const auto& n) { return n.connected && n.healthy; }));
  auto counts = std::to_string(p.listeners.size()) + " of " + std::to_string(p.configured_listeners)
                + " listeners up, " + std::to_string(up) + " of " + std::to_string(networks.size())
                + " networks healthy";
  if (p.listeners.size() < p.configured_listeners)
    return {false, "not ready: " + counts};
  if (!networks.empty() && up == 0)
    return {false, "not ready: " + counts};
  return {true, "ready: " + counts};
}

} // namespace switchyard
