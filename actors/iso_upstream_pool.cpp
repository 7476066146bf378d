#include "actors/iso_upstream_impl.hpp"
#include "actors/log.hpp"

#include <algorithm>

// The link and pool side of a network's upstream: opening and closing connections,
// overflow and recycling, and the numbers other threads read.

namespace switchyard {

namespace {

using clock = std::chrono::steady_clock;

// How often idle overflow connections and connections past their age are looked for.
constexpr auto pool_tick = std::chrono::milliseconds(250);

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

// Every strand step ends in publish(): what it changed in the reversals owed reaches the
// disk before the next step starts.
void iso_upstream_impl::persist_reversals() {
  if (!journal_ || !journal_->dirty())
    return;
  if (auto error = journal_->flush(); !error.empty())
    log(log_level::error, setup_.network.name, "reversal journal: " + error);
}

// Active probes of [networks.health_check]: their outcomes are health verdicts like the
// links' own (an echo probe's outcome comes back as the link's on_echo).
void iso_upstream_impl::start_probes() {
  prober_ = make_iso_prober(
    strand_, setup_.network, core::make_unit_random(random_),
    [this](std::chrono::milliseconds timeout) { return echo_on_some_link(timeout); },
    [this](bool ok, std::string detail) { setup_.events->on_health(ok, std::move(detail)); });
  if (prober_)
    prober_->start();
}

// Echo probes take turns over the connections that are up.
bool iso_upstream_impl::echo_on_some_link(std::chrono::milliseconds timeout) {
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
    setup_.events->on_health(false, "no connection left after pool maintenance");
}

// Copies the strand's numbers for readers on other threads; no allocation once the
// host rows exist.
void iso_upstream_impl::publish() {
  persist_reversals();
  std::lock_guard guard{numbers_mutex_};
  numbers_.counters = traffic_->counters();
  std::tie(numbers_.links, numbers_.links_up) = traffic_->link_counts();
  numbers_.remapped = traffic_->remapped();
  numbers_.in_flight = traffic_->in_flight_count();
  numbers_.waiting = waiting_.size();
  numbers_.reversals_pending = traffic_->reversals().size();
  numbers_.reversals_acknowledged = traffic_->reversals().acknowledged();
  for (std::size_t h = 0; h < numbers_.hosts.size(); ++h) {
    auto& row = numbers_.hosts[h];
    std::tie(row.up, row.pending) = traffic_->host_load(h);
    row.busy = traffic_->busy_links(h);
    row.links = 0;
    row.opened = retired_[h].opened;
    row.closed = retired_[h].closed;
    row.recycled = retired_[h].recycled;
  }
  for (std::size_t i = 0; i < links_.size(); ++i) {
    if (!links_[i])
      continue;
    auto& row = numbers_.hosts[link_hosts_[i]];
    ++row.links;
    row.opened += links_[i]->opened();
    row.closed += links_[i]->closed();
    row.recycled += links_[i]->recycled();
  }
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
