#include "actors/io/host_tally.hpp"
#include "actors/io/log.hpp"
#include "actors/iso8583/iso_upstream_impl.hpp"

#include <algorithm>

// The link and pool side of a network's upstream: opening and closing connections,
// overflow and recycling, and the numbers other threads read.

namespace switchyard {

namespace {

using clock = std::chrono::steady_clock;

// How often idle overflow connections and connections past their age are looked for.
constexpr auto pool_tick = std::chrono::milliseconds(250);

// Owed advices the shell can list (oldest first), and how often a long list is refreshed.
constexpr std::size_t max_published_owed = 200;
constexpr auto owed_refresh = std::chrono::milliseconds(250);

} // namespace

iso_link_settings iso_upstream_impl::link_settings(std::size_t host, std::uint32_t id) const {
  const auto& n = setup_.network;
  iso_link_settings ls;
  ls.id = id;
  ls.network = n.name;
  ls.host = n.hosts[host].address;
  ls.port = n.hosts[host].port;
  ls.dialect = setup_.dialect;
  ls.framing = network_framing(n);
  ls.header.assign(n.header_bytes, '\0');
  ls.tls = setup_.tls;
  ls.server_name = n.tls.server_name;
  ls.connect_timeout = std::chrono::milliseconds(n.connect_timeout_ms);
  ls.echo_interval = std::chrono::milliseconds(n.echo_interval_ms);
  ls.sign_on = n.sign_on;
  ls.max_unwritten_bytes = n.max_unwritten_bytes;
  return ls;
}

void iso_upstream_impl::open_links() {
  if (stopped_)
    return;
  const auto& n = setup_.network;
  for (std::size_t h = 0; h < n.hosts.size(); ++h)
    for (std::size_t i = 0; i < n.pool_size; ++i)
      open_link(h, false);
  if (n.pool_overflow > 0 || n.pool_max_age_ms > 0)
    schedule_pool_tick();
  start_probes();
  publish();
}

// Links live in slots indexed by their id; a closed overflow link's slot is reused (a
// link stopped on this strand sends no more events, so its id cannot be confused).
void iso_upstream_impl::open_link(std::size_t host, bool overflow) {
  auto free = std::find(links_.begin(), links_.end(), nullptr);
  auto id = static_cast<std::uint32_t>(free - links_.begin());
  if (free == links_.end()) {
    links_.emplace_back();
    link_hosts_.emplace_back();
  }
  traffic_->add_link(id, host, overflow);
  links_[id] = make_iso_link(strand_, link_settings(host, id), shared_from_this());
  link_hosts_[id] = host;
  links_[id]->start();
}

void iso_upstream_impl::close_link(std::uint32_t id) {
  if (id >= links_.size() || !links_[id])
    return;
  links_[id]->stop();
  retired_[link_hosts_[id]].opened += links_[id]->opened();
  retired_[link_hosts_[id]].closed += links_[id]->closed();
  retired_[link_hosts_[id]].recycled += links_[id]->recycled();
  links_[id] = nullptr;
  traffic_->remove_link(id, clock::now());
}

// Writes what changed in the reversals owed and waits until it is on disk; steps that answer
// acquirers or send requests upstream call this first (one sync per step, whatever it holds).
// Returns false when the journal cannot be written: financial requests are refused then,
// until a retry succeeds.
bool iso_upstream_impl::persist_reversals() {
  if (!journal_)
    return true;
  if (journal_->dirty()) {
    if (auto error = journal_->flush(); !error.empty()) {
      refuse_financial_if(true, error);
      schedule_journal_retry();
      return false;
    }
  }
  refuse_financial_if(false, {});
  if (auto error = journal_->compact(); !error.empty())
    log(log_level::warn, setup_.network.name, log_fields::of_network(setup_.network.name),
        "reversal journal compaction: " + error);
  return true;
}

void iso_upstream_impl::refuse_financial_if(bool failing, const std::string& why) {
  if (failing == refusing_)
    return;
  refusing_ = failing;
  traffic_->refuse_financial(failing);
  if (failing)
    log(log_level::error, setup_.network.name, log_fields::of_network(setup_.network.name),
        "reversal journal: " + why
          + "; financial requests are answered 91 until it can be written again");
  else
    log(log_level::info, setup_.network.name, log_fields::of_network(setup_.network.name),
        "reversal journal written again: financial requests are forwarded again");
}

void iso_upstream_impl::schedule_journal_retry() {
  if (journal_retry_armed_)
    return;
  journal_retry_armed_ = true;
  journal_timer_.expires_after(std::chrono::seconds(1));
  journal_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    self->journal_retry_armed_ = false;
    if (ec || self->stopped_ || !self->refusing_)
      return;
    if (self->journal_->dirty())
      self->persist_reversals();
    else
      self->refuse_financial_if(false, {});
    self->publish();
  });
}

// Active probes of [networks.health_check]: their outcomes are health verdicts like the
// links' own (an echo probe's outcome comes back as the link's on_echo).
void iso_upstream_impl::start_probes() {
  prober_ = make_network_prober(
    strand_, setup_.network, core::make_unit_random(random_),
    [this](std::chrono::milliseconds timeout) { return probe_on_some_link(timeout); },
    [this](bool ok, std::string detail) {
      setup_.events->on_health(ok, std::move(detail), false);
    });
  if (prober_)
    prober_->start();
}

// Echo probes take turns over the connections that are up.
bool iso_upstream_impl::probe_on_some_link(std::chrono::milliseconds timeout) {
  for (std::size_t tries = 0; tries < links_.size(); ++tries) {
    auto& link = links_[next_echo_link_++ % links_.size()];
    if (link && link->is_up() && link->echo_now(timeout))
      return true;
  }
  return false;
}

// Overflow connections open when every connection of a host is busy.
void iso_upstream_impl::grow_pools() {
  for (auto host : traffic_->take_overflow_requests())
    open_link(host, true);
}

void iso_upstream_impl::schedule_pool_tick() {
  pool_timer_.expires_after(pool_tick);
  pool_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->stopped_)
      return;
    self->on_pool_tick();
    self->schedule_pool_tick();
  });
}

void iso_upstream_impl::on_pool_tick() {
  auto work = traffic_->maintain_pool(clock::now());
  for (auto id : work.recycle)
    links_[id]->recycle();
  for (auto id : work.close)
    close_link(id);
  if (work.recycle.empty() && work.close.empty())
    return;
  send_reversals(); // advices that were on those links go out on the others
  schedule_sweep();
  publish();
  if (!traffic_->any_link_up())
    setup_.events->on_health(false, "no connection left after pool maintenance", false);
}

// Copies the strand's numbers for readers on other threads; no allocation once the
// host rows exist (the owed advices are copied only when they changed).
void iso_upstream_impl::publish() {
  persist_reversals();
  const auto& reversals = traffic_->reversals();
  std::vector<std::string> alarms;
  auto refusal = traffic_->financial_refusal();
  if (!refusal.empty())
    alarms.push_back("financial requests answered 91: " + refusal);
  // Reaching the bound on owed advices is logged once each way (a failing journal logs itself).
  if (bool at_limit = reversals.is_at_limit(); at_limit != logged_at_limit_) {
    logged_at_limit_ = at_limit;
    if (at_limit)
      log(log_level::error, setup_.network.name, log_fields::of_network(setup_.network.name),
          "financial requests answered 91 from now on: " + refusal
            + "; nothing owed is dropped (switchyard-shell saf)");
    else
      log(log_level::info, setup_.network.name, log_fields::of_network(setup_.network.name),
          "owed reversal advices below max_owed_reversals again: financial requests forwarded");
  }
  if (journal_ && journal_->quarantined() > 0)
    alarms.push_back(std::to_string(journal_->quarantined())
                     + " unreadable journal line(s) kept in " + journal_->quarantine_path());
  // The list of owed advices (copies of up to 200 messages) is refreshed when it changed, at
  // most every 250 ms while it is long: a backlog draining must not copy it every batch.
  auto now = clock::now();
  bool owed_changed
    = (reversals.size() != published_owed_ || reversals.acknowledged() != published_acknowledged_
       || reversals.in_flight_count() != published_owed_in_flight_)
      && (reversals.size() <= 20 || now - owed_published_at_ >= owed_refresh);
  std::vector<owed_advice_view> owed;
  if (owed_changed)
    owed = reversals.list(max_published_owed);
  std::lock_guard guard{numbers_mutex_};
  numbers_.counters = traffic_->counters();
  std::tie(numbers_.links, numbers_.links_up) = traffic_->link_counts();
  numbers_.remapped = traffic_->remapped();
  numbers_.in_flight = traffic_->in_flight_count();
  numbers_.waiting = waiting_.size();
  numbers_.reversals_pending = reversals.size();
  numbers_.reversals_in_flight = reversals.in_flight_count();
  numbers_.reversals_acknowledged = reversals.acknowledged();
  numbers_.reversals_refused = reversals.refused_by_issuer();
  numbers_.quarantined = journal_ ? journal_->quarantined() : 0;
  numbers_.alarms = std::move(alarms);
  if (owed_changed) {
    numbers_.owed = std::move(owed);
    published_owed_ = reversals.size();
    published_acknowledged_ = reversals.acknowledged();
    published_owed_in_flight_ = reversals.in_flight_count();
    owed_published_at_ = now;
  }
  tally_hosts(numbers_.hosts, *traffic_, retired_, links_, link_hosts_, clock::now());
  numbers_.latency = traffic_->answered_latency();
  add_to_tally();
}

// The node's counters of the network outlive this upstream: they get what it counted since
// it last added, at every publish and once more as it stops.
void iso_upstream_impl::add_to_tally() {
  if (!setup_.tally || !traffic_)
    return;
  const auto& c = traffic_->counters();
  setup_.tally->advance(tallied_,
                        {c.requests, c.responses, c.timeouts, c.unavailable, c.rejected, c.late, 0,
                         traffic_->remapped(), c.duplicates, c.refused_financial, c.undelivered});
}

// After stop: nothing is up or in flight any more; the totals stay as they were.
void iso_upstream_impl::publish_final() {
  std::lock_guard guard{numbers_mutex_};
  numbers_.links_up = 0;
  numbers_.in_flight = 0;
  numbers_.waiting = 0;
  for (auto& row : numbers_.hosts)
    row.up = row.busy = row.pending = 0;
}

} // namespace switchyard
