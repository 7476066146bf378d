#include "tools/switchyard-shell/render.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

namespace switchyard::shell {

namespace {

std::string indented_name(const std::string& path) {
  auto depth = std::count(path.begin(), path.end(), '/');
  auto slash = path.rfind('/');
  auto leaf = slash == std::string::npos ? path : path.substr(slash + 1);
  return std::string(static_cast<std::size_t>(depth) * 2, ' ') + leaf;
}

std::string join(const std::vector<std::string>& xs, const char* sep) {
  std::string out;
  for (const auto& x : xs)
    out += (out.empty() ? "" : sep) + x;
  return out;
}

// A certificate's notAfter as its UTC date and the whole days left, so that one about to lapse
// stands out in the table; "-" when there is no certificate. One word, as every cell is.
std::string expiry_text(std::int64_t not_after) {
  if (not_after == 0)
    return "-";
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count();
  auto t = static_cast<std::time_t>(not_after);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
  if (not_after <= now)
    return std::string{date} + "(EXPIRED)";
  return std::string{date} + "(" + std::to_string((not_after - now) / 86400) + "d)";
}

} // namespace

void render(std::ostream& out, const node_status& status) {
  out << "node " << status.node << " (switchyard " << status.version << "), up " << std::fixed
      << std::setprecision(1) << static_cast<double>(status.uptime_ms) / 1000.0 << " s\n\n";
  out << std::left << std::setw(34) << "ACTOR" << std::setw(12) << "STATE" << std::setw(10)
      << "RESTARTS"
      << "PATH\n";
  for (const auto& a : status.actors)
    out << std::setw(34) << indented_name(a.path) << std::setw(12) << a.state << std::setw(10)
        << a.restarts << a.path << "\n";
  out << "\n";
  render(out, status.networks);
}

void render(std::ostream& out, const std::vector<network_status>& networks) {
  out << std::left << std::setw(16) << "NETWORK" << std::setw(10) << "PROTOCOL" << std::setw(11)
      << "CONNECTOR" << std::setw(10) << "HEALTH" << std::setw(7) << "RULES"
      << "HOSTS\n";
  for (const auto& n : networks) {
    out << std::setw(16) << n.name << std::setw(10) << n.protocol << std::setw(11)
        << (n.connected ? "up" : "down") << std::setw(10) << (n.healthy ? "healthy" : "unhealthy")
        << std::setw(7) << n.rules << join(n.hosts, ", ");
    if (!n.fallbacks.empty())
      out << "; fallbacks " << join(n.fallbacks, ", ");
    if (!n.node.empty())
      out << "; hosted on node " << n.node;
    if (!n.request_transforms.empty() || !n.response_transforms.empty())
      out << "; transforms " << n.request_transforms.size() << " request, "
          << n.response_transforms.size() << " response";
    out << "\n";
  }
}

void render(std::ostream& out, const std::vector<network_health>& health) {
  out << std::left << std::setw(16) << "NETWORK" << std::setw(11) << "HEALTH" << std::setw(10)
      << "REPORTS" << std::setw(10) << "FAILURES"
      << "LAST FAILURE\n";
  for (const auto& h : health)
    out << std::setw(16) << h.network << std::setw(11) << (h.healthy ? "healthy" : "unhealthy")
        << std::setw(10) << h.reports << std::setw(10) << h.consecutive_failures
        << (h.last_detail.empty() ? "-" : h.last_detail) << "\n";
}

void render(std::ostream& out, const std::vector<pool_stats>& pools) {
  out << std::left << std::setw(16) << "NETWORK" << std::setw(24) << "HOST" << std::setw(6)
      << "SIZE" << std::setw(10) << "OVERFLOW" << std::setw(6) << "OPEN" << std::setw(6) << "BUSY"
      << std::setw(8) << "OPENED" << std::setw(8) << "CLOSED" << std::setw(10) << "RECYCLED"
      << std::setw(11) << "BREAKER"
      << "CERT-EXPIRES\n";
  for (const auto& p : pools)
    out << std::setw(16) << p.network << std::setw(24) << p.host << std::setw(6) << p.size
        << std::setw(10) << p.overflow << std::setw(6) << p.open << std::setw(6) << p.busy
        << std::setw(8) << p.opened << std::setw(8) << p.closed << std::setw(10) << p.recycled
        << std::setw(11) << p.breaker << expiry_text(p.cert_not_after) << "\n";
}

void render(std::ostream& out, const std::vector<connector_stats>& stats) {
  out << std::left << std::setw(16) << "NETWORK" << std::setw(8) << "LINKS" << std::setw(10)
      << "REQUESTS" << std::setw(10) << "ANSWERED" << std::setw(10) << "IN FLIGHT" << std::setw(10)
      << "TIMEOUT" << std::setw(8) << "UNAVAIL" << std::setw(9) << "REJECTED" << std::setw(6)
      << "LATE" << std::setw(10) << "REMAPPED" << std::setw(22) << "REVERSALS OWED/ACKED"
      << std::setw(11) << "DUPLICATE" << std::setw(13) << "UNDELIVERED" << std::setw(9) << "REFUSED"
      << "UPSTREAM ERRORS\n";
  for (const auto& s : stats)
    out << std::setw(16) << s.network << std::setw(8)
        << (std::to_string(s.links_up) + "/" + std::to_string(s.links)) << std::setw(10)
        << s.requests << std::setw(10) << s.responses << std::setw(10) << s.in_flight
        << std::setw(10) << s.timeouts << std::setw(8) << s.unavailable << std::setw(9)
        << s.rejected << std::setw(6) << s.late << std::setw(10) << s.remapped << std::setw(22)
        << (std::to_string(s.reversals_pending) + "/" + std::to_string(s.reversals_acknowledged))
        << std::setw(11) << s.duplicates << std::setw(13) << s.undelivered << std::setw(9)
        << s.refused_financial << s.upstream_errors << "\n";
  for (const auto& s : stats)
    for (const auto& alarm : s.alarms)
      out << "ALARM " << s.network << ": " << alarm << "\n";
}

void render(std::ostream& out, const std::vector<saf_report>& reports) {
  for (const auto& r : reports) {
    out << r.network << ": " << r.owed << " reversal advice(s) owed, " << r.acknowledged
        << " acknowledged, " << r.refused_by_issuer << " answered without settling (retried); "
        << (r.journal.empty() ? std::string{"kept in memory only"} : "journal " + r.journal)
        << "\n";
    if (r.quarantined > 0)
      out << "  " << r.quarantined << " unreadable journal line(s) quarantined in " << r.journal
          << ".quarantine\n";
    for (const auto& alarm : r.alarms)
      out << "  ALARM: " << alarm << "\n";
    if (r.rows.empty())
      continue;
    out << "  " << std::left << std::setw(8) << "ID" << std::setw(6) << "MTI" << std::setw(10)
        << "ATTEMPTS" << std::setw(12) << "NEXT"
        << "ADVICE\n";
    for (const auto& row : r.rows) {
      auto next = row.in_flight ? std::string{"in flight"}
                                : (row.due_in_ms <= 0 ? std::string{"due"}
                                                      : std::to_string(row.due_in_ms) + " ms");
      out << "  " << std::setw(8) << row.id << std::setw(6) << row.mti << std::setw(10)
          << row.attempts << std::setw(12) << next << row.summary << "\n";
    }
    if (r.rows.size() < r.owed)
      out << "  ... and " << (r.owed - r.rows.size()) << " more\n";
  }
}

void render(std::ostream& out, const std::vector<listener_status>& listeners) {
  out << std::left << std::setw(18) << "LISTENER" << std::setw(24) << "ENDPOINT" << std::setw(8)
      << "ACTIVE" << std::setw(10) << "ACCEPTED" << std::setw(10) << "REQUESTS" << std::setw(10)
      << "ANSWERED" << std::setw(8) << "FORMAT" << std::setw(10) << "REJECTED" << std::setw(13)
      << "IDLE-CLOSED" << std::setw(12) << "WEBSOCKETS" << std::setw(15) << "NOTIFICATIONS"
      << std::setw(10) << "TLS-FAIL" << std::setw(11) << "SIGNED-ON"
      << "CERT-EXPIRES\n";
  for (const auto& l : listeners) {
    // WebSocket and subscriptions exist only for JSON-RPC: "-" rather than a zero that
    // would suggest they could happen on an ISO 8583 listener.
    bool rpc = l.protocol == "jsonrpc";
    out << std::setw(18) << l.name << std::setw(24) << (l.endpoint + (l.tls ? " tls" : ""))
        << std::setw(8) << l.active << std::setw(10) << l.accepted << std::setw(10) << l.requests
        << std::setw(10) << l.responses << std::setw(8) << l.format_errors << std::setw(10)
        << (l.rejected_frames + l.rejected_over_limit) << std::setw(13) << l.idle_closed
        << std::setw(12) << (rpc ? std::to_string(l.upgrades) : "-") << std::setw(15)
        << (rpc ? std::to_string(l.notifications) : "-") << std::setw(10) << l.tls_failures
        << std::setw(11) << (rpc ? std::string{"-"} : std::to_string(l.signed_on))
        << expiry_text(l.cert_not_after) << "\n";
  }
}

void render(std::ostream& out, const std::vector<member_status>& members) {
  out << std::left << std::setw(16) << "NODE" << std::setw(24) << "ENDPOINT" << std::setw(13)
      << "STATE" << std::setw(10) << "FOR" << std::setw(24) << "NETWORKS"
      << "DETAIL\n";
  for (const auto& m : members) {
    std::ostringstream since;
    since << std::fixed << std::setprecision(1) << static_cast<double>(m.since_ms) / 1000.0 << " s";
    auto networks = join(m.networks, ",");
    out << std::setw(16) << m.name << std::setw(24) << m.endpoint << std::setw(13) << m.state
        << std::setw(10) << since.str() << std::setw(24) << (networks.empty() ? "-" : networks)
        << (m.detail.empty() ? "-" : m.detail) << "\n";
  }
}

} // namespace switchyard::shell
