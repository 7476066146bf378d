#include "actors/jsonrpc/rpc_upstream_impl.hpp"

// The connections: links coming up and going down, pools growing and recycling, health
// probes, closing, and the numbers other threads read.

namespace switchyard::rpc_upstream_detail {

network_numbers rpc_upstream_impl::numbers() const {
  network_numbers out;
  {
    std::lock_guard guard{numbers_mutex_};
    out = numbers_;
  }
  out.requests = counters_.requests.load(std::memory_order_relaxed);
  out.responses = counters_.responses.load(std::memory_order_relaxed);
  out.timeouts = counters_.timeouts.load(std::memory_order_relaxed);
  out.unavailable = counters_.unavailable.load(std::memory_order_relaxed);
  out.rejected = counters_.rejected.load(std::memory_order_relaxed);
  out.upstream_errors = counters_.upstream_errors.load(std::memory_order_relaxed);
  return out;
}

// rpc_link_events (on the strand).
void rpc_upstream_impl::on_link_up(std::uint32_t link) {
  if (stopped_)
    return;
  bool first = !pool_.any_up();
  set_reconnecting(link, false);
  pool_.link_up(link, clock::now());
  release_waiting();
  publish();
  // A network that had no connection has one again: one is proof enough.
  setup_.events->on_health(true, "link up", first);
}

void rpc_upstream_impl::on_link_down(std::uint32_t link, std::string reason,
                                     std::vector<std::uint64_t> lost) {
  if (stopped_)
    return;
  auto now = clock::now();
  // A connection that was up and went (the provider closed it, or it was replaced after a
  // timeout) is reconnecting: calls wait for it rather than fail while the provider may be
  // fine. A connect that fails proves the provider down: calls no longer wait for it.
  set_reconnecting(link, pool_.is_up(link));
  pool_.link_down(link, now);
  for (auto token : lost) {
    auto it = pending_.find(token);
    if (it == pending_.end())
      continue;
    auto p = std::move(it->second);
    pending_.erase(it);
    deadlines_.erase({p.deadline, token});
    pool_.abandoned(p.host);
    if (p.probe) {
      setup_.events->on_health(false, "probe lost: " + reason, false);
      continue;
    }
    counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
    p.exchange->fail(errc::upstream_unavailable, provider(p.host) + ": " + reason);
  }
  // An overflow connection is not kept alive: close it (after the link's own handler).
  if (pool_.is_overflow(link))
    net::post(strand_, [self = shared_from_this(), link] {
      if (!self->stopped_)
        self->close_link(link);
    });
  release_waiting();
  publish();
  if (!pool_.any_up())
    setup_.events->on_health(false, std::move(reason), false);
}

void rpc_upstream_impl::open_links() {
  if (stopped_)
    return;
  const auto& n = setup_.network;
  for (std::size_t h = 0; h < n.hosts.size(); ++h)
    for (std::size_t i = 0; i < n.pool_size; ++i)
      open_link(h, false);
  schedule_pool_tick();
  prober_ = make_network_prober(
    strand_, n, core::make_unit_random(random_),
    [this](std::chrono::milliseconds timeout) { return probe_on_some_link(timeout); },
    [this](bool ok, std::string detail) {
      setup_.events->on_health(ok, std::move(detail), false);
    });
  if (prober_)
    prober_->start();
  publish();
}

void rpc_upstream_impl::set_reconnecting(std::uint32_t link, bool reconnecting) {
  if (link >= reconnecting_.size())
    reconnecting_.resize(link + 1, false);
  if (reconnecting_[link] == reconnecting)
    return;
  reconnecting_[link] = reconnecting;
  reconnecting_count_ += reconnecting ? 1 : -1;
}

void rpc_upstream_impl::open_link(std::size_t host, bool overflow) {
  std::uint32_t id = 0;
  while (id < links_.size() && links_[id])
    ++id;
  if (id == links_.size()) {
    links_.emplace_back();
    link_hosts_.emplace_back();
  }
  const auto& n = setup_.network;
  const auto& h = n.hosts[host];
  rpc_link_settings s;
  s.target.id = id;
  s.target.network = n.name;
  s.target.host = h.address;
  s.target.port = h.port;
  s.target.tls = setup_.tls;
  s.target.server_name = n.tls.server_name.empty() && setup_.tls ? h.address : n.tls.server_name;
  s.target.connect_timeout = std::chrono::milliseconds(n.connect_timeout_ms);
  s.host_header = h.address + ":" + std::to_string(h.port);
  s.path = n.path;
  s.max_response_bytes = n.max_response_bytes;
  pool_.add_link(id, host, overflow);
  links_[id] = std::make_shared<rpc_link>(strand_, std::move(s), shared_from_this());
  link_hosts_[id] = host;
  links_[id]->start();
}

void rpc_upstream_impl::close_link(std::uint32_t id) {
  if (id >= links_.size() || !links_[id])
    return;
  set_reconnecting(id, false);
  links_[id]->stop();
  auto& r = retired_[link_hosts_[id]];
  r.opened += links_[id]->opened();
  r.closed += links_[id]->closed();
  r.recycled += links_[id]->recycled();
  links_[id] = nullptr;
  pool_.remove_link(id, clock::now());
}

void rpc_upstream_impl::grow_pools() {
  for (auto host : pool_.take_overflow_requests())
    open_link(host, true);
}

void rpc_upstream_impl::schedule_pool_tick() {
  pool_timer_.expires_after(pool_tick);
  pool_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->stopped_)
      return;
    auto work = self->pool_.maintain(clock::now());
    for (auto id : work.recycle)
      self->links_[id]->recycle();
    for (auto id : work.close)
      self->close_link(id);
    self->publish();
    self->schedule_pool_tick();
  });
}

// A probe is a call of health_check.method on a connection with room, taking turns. When
// every connection is busy with calls, the answers they got since the last probe are the
// proof of health (a probe would only wait behind them).
bool rpc_upstream_impl::probe_on_some_link(std::chrono::milliseconds timeout) {
  auto answered = answered_since_probe_;
  answered_since_probe_ = 0;
  if (!any_link_with_room() && pool_.any_up()) {
    setup_.events->on_health(answered > 0,
                             answered > 0 ? "connections busy with calls that are answered"
                                          : "every connection busy, no answer since the last probe",
                             false);
    return true;
  }
  for (std::size_t tries = 0; tries < links_.size(); ++tries) {
    auto id = static_cast<std::uint32_t>(next_probe_link_++ % links_.size());
    if (!has_room(id))
      continue;
    auto now = clock::now();
    auto token = next_token_++;
    body_.clear();
    jsonrpc::append_request(body_, token_text(token), setup_.network.health_check.method, "[]");
    links_[id]->send(token, body_);
    pool_.started(id, now);
    pending_call p;
    p.sent = now;
    p.deadline = now + timeout;
    p.link = id;
    p.host = pool_.host_of(id);
    p.probe = true;
    p.token = token;
    deadlines_.insert({p.deadline, token});
    pending_.emplace(token, std::move(p));
    schedule_sweep();
    return true;
  }
  return false;
}

void rpc_upstream_impl::close() {
  if (stopped_)
    return;
  stopped_ = true;
  sweep_timer_.cancel();
  pool_timer_.cancel();
  if (prober_)
    prober_->stop();
  for (std::uint32_t id = 0; id < links_.size(); ++id)
    if (links_[id])
      links_[id]->stop();
  for (auto& [token, p] : pending_) {
    if (p.exchange) {
      counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
      p.exchange->fail(errc::upstream_unavailable, "the network stopped");
    }
  }
  pending_.clear();
  deadlines_.clear();
  for (auto& [deadline, x] : waiting_) {
    counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
    x->fail(errc::upstream_unavailable, "the network stopped");
  }
  waiting_.clear();
  std::lock_guard guard{numbers_mutex_};
  numbers_.links_up = 0;
  numbers_.in_flight = 0;
  for (auto& row : numbers_.hosts)
    row.up = row.busy = row.pending = 0;
}

// Copies the strand's numbers for readers on other threads.
void rpc_upstream_impl::publish() {
  if (stopped_)
    return;
  std::lock_guard guard{numbers_mutex_};
  std::tie(numbers_.links, numbers_.links_up) = pool_.link_counts();
  numbers_.in_flight = pending_.size() + waiting_.size();
  tally_hosts(numbers_.hosts, pool_, retired_, links_, link_hosts_, clock::now());
  numbers_.latency = pool_.answered_latency();
}

} // namespace switchyard::rpc_upstream_detail
