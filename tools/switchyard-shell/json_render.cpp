#include "tools/switchyard-shell/json_render.hpp"

#include <boost/json.hpp>

#include <ctime>

namespace switchyard::shell {

namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& xs) {
  return json::array(xs.begin(), xs.end());
}

// A certificate's notAfter in ISO 8601 UTC, or null when there is no certificate.
json::value expiry(std::int64_t not_after) {
  if (not_after == 0)
    return nullptr;
  auto t = static_cast<std::time_t>(not_after);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[24];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return json::string{text};
}

template <class T>
json::array numbers(const std::vector<T>& xs) {
  return json::array(xs.begin(), xs.end());
}

json::object to_json(const actor_status& a) {
  return {{"path", a.path},
          {"state", a.state},
          {"restarts", a.restarts},
          {"actor_id", a.actor_id},
          {"is_supervisor", a.is_supervisor}};
}

json::object to_json(const network_status& n) {
  json::object transforms{{"request", strings(n.request_transforms)},
                          {"response", strings(n.response_transforms)}};
  return {{"name", n.name},
          {"protocol", n.protocol},
          {"hosts", strings(n.hosts)},
          {"fallbacks", strings(n.fallbacks)},
          {"rules", n.rules},
          {"connected", n.connected},
          {"healthy", n.healthy},
          {"node", n.node},
          {"transforms", std::move(transforms)}};
}

json::object to_json(const network_health& h) {
  return {{"network", h.network},
          {"healthy", h.healthy},
          {"consecutive_failures", h.consecutive_failures},
          {"consecutive_successes", h.consecutive_successes},
          {"reports", h.reports},
          {"last_detail", h.last_detail}};
}

json::object to_json(const pool_stats& p) {
  return {{"network", p.network},
          {"host", p.host},
          {"size", p.size},
          {"overflow", p.overflow},
          {"open", p.open},
          {"busy", p.busy},
          {"opened", p.opened},
          {"closed", p.closed},
          {"recycled", p.recycled},
          {"breaker", p.breaker},
          {"breaker_opened", p.breaker_opened},
          {"cert_not_after", expiry(p.cert_not_after)}};
}

json::object to_json(const connector_stats& s) {
  return {{"network", s.network},
          {"links", s.links},
          {"links_up", s.links_up},
          {"requests", s.requests},
          {"responses", s.responses},
          {"timeouts", s.timeouts},
          {"unavailable", s.unavailable},
          {"rejected", s.rejected},
          {"late", s.late},
          {"remapped", s.remapped},
          {"in_flight", s.in_flight},
          {"reversals_pending", s.reversals_pending},
          {"reversals_acknowledged", s.reversals_acknowledged},
          {"duplicates", s.duplicates},
          {"refused_financial", s.refused_financial},
          {"undelivered", s.undelivered},
          {"upstream_errors", s.upstream_errors},
          {"alarms", strings(s.alarms)},
          {"latency_buckets", numbers(s.latency_buckets)},
          {"latency_sum_s", s.latency_sum_s}};
}

json::object to_json(const listener_status& l) {
  return {{"name", l.name},
          {"protocol", l.protocol},
          {"endpoint", l.endpoint},
          {"tls", l.tls},
          {"accepted", l.accepted},
          {"active", l.active},
          {"rejected_over_limit", l.rejected_over_limit},
          {"requests", l.requests},
          {"responses", l.responses},
          {"format_errors", l.format_errors},
          {"rejected_frames", l.rejected_frames},
          {"idle_closed", l.idle_closed},
          {"upgrades", l.upgrades},
          {"notifications", l.notifications},
          {"tls_failures", l.tls_failures},
          {"signed_on", l.signed_on},
          {"cert_not_after", expiry(l.cert_not_after)}};
}

json::object to_json(const owed_advice_row& r) {
  return {{"id", r.id},
          {"mti", r.mti},
          {"attempts", r.attempts},
          {"due_in_ms", r.due_in_ms},
          {"in_flight", r.in_flight},
          {"summary", r.summary}};
}

json::object to_json(const saf_report& r) {
  json::array rows;
  for (const auto& row : r.rows)
    rows.emplace_back(to_json(row));
  return {{"network", r.network},           {"journal", r.journal},
          {"quarantined", r.quarantined},   {"owed", r.owed},
          {"acknowledged", r.acknowledged}, {"refused_by_issuer", r.refused_by_issuer},
          {"alarms", strings(r.alarms)},    {"rows", std::move(rows)}};
}

json::object to_json(const member_status& m) {
  return {
    {"name", m.name},         {"endpoint", m.endpoint},       {"state", m.state},
    {"since_ms", m.since_ms}, {"incarnation", m.incarnation}, {"networks", strings(m.networks)},
    {"detail", m.detail}};
}

template <class T>
json::array to_json(const std::vector<T>& xs) {
  json::array out;
  out.reserve(xs.size());
  for (const auto& x : xs)
    out.emplace_back(to_json(x));
  return out;
}

void print(std::ostream& out, const json::value& v) {
  out << json::serialize(v) << "\n";
}

} // namespace

void render_json(std::ostream& out, const node_status& status) {
  print(out, json::object{{"node", status.node},
                          {"version", status.version},
                          {"uptime_ms", status.uptime_ms},
                          {"cluster_port", status.cluster_port},
                          {"actors", to_json(status.actors)},
                          {"networks", to_json(status.networks)}});
}

void render_json(std::ostream& out, const std::vector<network_status>& networks) {
  print(out, to_json(networks));
}

void render_json(std::ostream& out, const std::vector<network_health>& health) {
  print(out, to_json(health));
}

void render_json(std::ostream& out, const std::vector<pool_stats>& pools) {
  print(out, to_json(pools));
}

void render_json(std::ostream& out, const std::vector<connector_stats>& stats) {
  print(out, to_json(stats));
}

void render_json(std::ostream& out, const std::vector<listener_status>& listeners) {
  print(out, to_json(listeners));
}

void render_json(std::ostream& out, const std::vector<saf_report>& reports) {
  print(out, to_json(reports));
}

void render_json(std::ostream& out, const std::vector<member_status>& members) {
  print(out, to_json(members));
}

void render_json_restart(std::ostream& out, const std::string& path, const std::string& answer) {
  print(out, json::object{{"path", path}, {"message", answer}});
}

void render_json_event(std::ostream& out, const std::string& line) {
  print(out, json::object{{"event", line}});
}

namespace {

// {"command": NAME, "arguments": [...], "message": ANSWER}
json::object message_object(const std::vector<std::string>& words, const std::string& answer) {
  json::array arguments;
  for (std::size_t i = 1; i < words.size(); ++i)
    arguments.emplace_back(words[i]);
  return {{"command", words.empty() ? std::string{} : words[0]},
          {"arguments", std::move(arguments)},
          {"message", answer}};
}

} // namespace

void render_json_message(std::ostream& out, const std::vector<std::string>& words,
                         const std::string& answer) {
  print(out, message_object(words, answer));
}

void render_json_retry(std::ostream& out, const std::vector<std::string>& words,
                       const std::string& answer, const std::vector<saf_report>& reports) {
  auto object = message_object(words, answer);
  object["saf"] = to_json(reports);
  print(out, object);
}

} // namespace switchyard::shell
