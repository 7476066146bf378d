#include "actors/iso_connector.hpp"

#include "actors/connector_reports.hpp"
#include "actors/directory.hpp"
#include "actors/io/log.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/io/tls_context.hpp"
#include "actors/iso8583/iso_upstream.hpp"
#include "actors/iso8583/journal_cipher.hpp"
#include "actors/status_views.hpp"
#include "protocols/iso8583/describe.hpp"
#include "protocols/iso8583/dialect_loader.hpp"

#include "caf/all.hpp"

#include <cctype>
#include <filesystem>
#include <variant>

namespace switchyard {

namespace {

// The connector owns its network's upstream (the data path, on the I/O threads) and is
// its face to the node: it starts and stops it, registers its port, reports its pools
// and health, and answers the shell's questions from the numbers the upstream publishes.
struct iso_connector_state {
  config::network_settings settings;
  std::shared_ptr<const iso8583::dialect> dialect; // shared with the upstream and the journal
  std::shared_ptr<iso_upstream> upstream;
  static inline const char* name = "iso_connector";
};

using connector_pointer = iso_connector_actor::stateful_pointer<iso_connector_state>;

// Health verdicts arrive on the upstream's strand: hand them to the connector, which
// tells the health monitor (and stops telling it once it has exited).
class health_relay final : public iso_upstream_events {
public:
  explicit health_relay(iso_connector_actor c) : connector_(std::move(c)) {}

  void on_health(bool ok, std::string detail, bool decisive) override {
    caf::anon_send(connector_, outcome_atom_v, ok, std::move(detail), decisive);
  }

private:
  iso_connector_actor connector_;
};

void report_health(connector_pointer self, bool ok, std::string detail, bool decisive) {
  auto& sys = self->system();
  if (auto hm = directory::lookup<health_monitor_actor>(sys, directory::health_monitor))
    self->send(hm, outcome_atom_v, self->state.settings.name, ok, std::move(detail), decisive);
}

void report_pools(connector_pointer self) {
  auto& st = self->state;
  auto rows = make_initial_pools(st.settings);
  auto numbers = st.upstream->numbers();
  for (std::size_t h = 0; h < rows.size() && h < numbers.hosts.size(); ++h) {
    const auto& host = numbers.hosts[h];
    rows[h].open = host.up;
    rows[h].busy = host.busy;
    rows[h].opened = host.opened;
    rows[h].closed = host.closed;
    rows[h].recycled = host.recycled;
  }
  switchyard::report_pools(self->system(), std::move(rows));
  self->delayed_send(self, pool_report_interval, caf::tick_atom_v);
}

// Returns the upstream, or an error text when the network cannot run (dialect or TLS
// material unusable).
// The journal of network `name` in `state_dir` (created when missing).
reversal_journal::opened open_reversal_journal(const std::string& state_dir,
                                               const std::string& name,
                                               const iso8583::dialect& dialect,
                                               const journal_cipher* cipher) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    reversal_journal::opened failed;
    failed.error = "cannot create " + state_dir + ": " + ec.message();
    return failed;
  }
  // Network names become file names: anything but letters, digits, '.', '-' and '_' is '_'.
  std::string file = "reversals-";
  for (char c : name)
    file
      += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
  return reversal_journal::open((std::filesystem::path{state_dir} / (file + ".journal")).string(),
                                dialect, cipher);
}

std::variant<std::shared_ptr<iso_upstream>, std::string>
make_upstream(connector_pointer self, boost::asio::io_context& io) {
  const auto& n = self->state.settings;
  // Shared with listeners naming the same dialect: requests and responses then pass
  // through in their wire form unless the gateway changed them.
  auto loaded = iso8583::share_dialect(n.dialect);
  if (!loaded.ok())
    return "dialect " + n.dialect + ": " + iso8583::to_string(loaded.errors.front());
  iso_upstream_setup setup;
  setup.network = n;
  setup.dialect = loaded.value;
  self->state.dialect = std::move(loaded.value);
  if (n.tls.enabled) {
    auto made = make_client_tls(n.tls);
    if (!made.context)
      return made.error;
    setup.tls = made.context;
  }
  setup.events = std::make_shared<health_relay>(iso_connector_actor{self});
  return make_iso_upstream(io, std::move(setup));
}

connector_stats make_stats(const iso_connector_state& st) {
  connector_stats s;
  s.network = st.settings.name;
  if (!st.upstream)
    return s;
  auto n = st.upstream->numbers();
  s.links = n.links;
  s.links_up = n.links_up;
  s.requests = n.counters.requests;
  s.responses = n.counters.responses;
  s.timeouts = n.counters.timeouts;
  s.unavailable = n.counters.unavailable;
  s.rejected = n.counters.rejected;
  s.late = n.counters.late;
  s.remapped = n.remapped;
  s.in_flight = n.in_flight + n.waiting;
  s.reversals_pending = n.reversals_pending;
  s.reversals_acknowledged = n.reversals_acknowledged;
  s.duplicates = n.counters.duplicates;
  s.refused_financial = n.counters.refused_financial;
  s.undelivered = n.counters.undelivered;
  s.alarms = std::move(n.alarms);
  return s;
}

saf_report make_saf(const iso_connector_state& st) {
  saf_report r;
  r.network = st.settings.name;
  if (!st.upstream)
    return r;
  auto n = st.upstream->numbers();
  r.journal = n.journal;
  r.quarantined = n.quarantined;
  r.owed = n.reversals_pending;
  r.acknowledged = n.reversals_acknowledged;
  r.refused_by_issuer = n.reversals_refused;
  r.alarms = std::move(n.alarms);
  auto now = std::chrono::steady_clock::now();
  for (const auto& o : n.owed)
    r.rows.push_back({o.id, std::string{o.advice.mti()}, o.attempts,
                      std::chrono::duration_cast<std::chrono::milliseconds>(o.due - now).count(),
                      o.in_flight, iso8583::describe(o.advice, *st.dialect)});
  return r;
}

void start(connector_pointer self, const node_context& node) {
  auto made = make_upstream(self, *node.io);
  if (auto* err = std::get_if<std::string>(&made)) {
    log(log_level::error, self->state.settings.name, *err);
    self->quit(caf::make_error(errc::invalid_request, *err));
    return;
  }
  auto upstream = std::get<std::shared_ptr<iso_upstream>>(std::move(made));
  self->state.upstream = upstream;
  const auto& name = self->state.settings.name;
  // The port goes into the directory before the router hears of this connector, and
  // leaves it (unless a successor's replaced it) when the connector exits.
  if (node.ports)
    node.ports->put(name, upstream);
  self->attach_functor([upstream, ports = node.ports, name] {
    if (ports)
      ports->erase(name, upstream.get());
    upstream->stop();
  });
  announce_connector(self->system(), name, connector_actor{self});
  withdraw_pools_on_exit(*self, name);
  // The journal may wait for a predecessor to let go of it; requests meanwhile wait for a
  // first link like at any start, so the router hears of this connector first.
  std::shared_ptr<reversal_journal> journal;
  std::vector<reversal_journal::owed_advice> owed;
  if (const auto& dir = node.settings->node.state_dir; !dir.empty()) {
    auto opened = open_reversal_journal(dir, name, *self->state.dialect, node.state_cipher.get());
    if (!opened.journal) {
      log(log_level::error, name, "reversal journal: " + opened.error);
      self->quit(caf::make_error(errc::invalid_request, "reversal journal: " + opened.error));
      return;
    }
    if (!opened.owed.empty())
      log(log_level::warn, name,
          std::to_string(opened.owed.size()) + " reversal advice(s) still owed from "
            + opened.journal->path());
    if (opened.quarantined_now > 0)
      log(log_level::error, name,
          std::to_string(opened.quarantined_now) + " unreadable line(s) of "
            + opened.journal->path() + " moved to " + opened.journal->quarantine_path()
            + ": an operator must look at them (switchyard-shell saf)");
    journal = std::move(opened.journal);
    owed = std::move(opened.owed);
  }
  upstream->start(std::move(journal), std::move(owed));
  report_pools(self);
}

iso_connector_actor::behavior_type
iso_connector(connector_pointer self, config::network_settings settings, node_context node) {
  self->state.settings = std::move(settings);
  start(self, node);
  return {
    [self](outcome_atom, bool ok, std::string& detail, bool decisive) {
      report_health(self, ok, std::move(detail), decisive);
    },
    [self](caf::tick_atom) { report_pools(self); },
    [self](stats_atom) { return make_stats(self->state); },
    [self](saf_atom) { return make_saf(self->state); },
    [self](describe_atom) {
      bool up = self->state.upstream && self->state.upstream->numbers().links_up > 0;
      return make_network_status(self->state.settings, true, up);
    },
  };
}

} // namespace

iso_connector_actor spawn_iso_connector(caf::local_actor& parent, config::network_settings settings,
                                        const node_context& node) {
  return parent.spawn(iso_connector, std::move(settings), node);
}

} // namespace switchyard
