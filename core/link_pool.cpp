#include "core/link_pool.hpp"

#include <algorithm>

namespace switchyard::core {

link_pool::link_pool(const config::network_settings& network, unit_random random)
    : network_(network), balancer_(network.load_balancing, std::move(random)) {
  hosts_.reserve(network.hosts.size());
  for (std::size_t i = 0; i < network.hosts.size(); ++i)
    hosts_.emplace_back(network.breaker);
  views_.resize(hosts_.size());
}

void link_pool::add_link(std::uint32_t id, std::size_t host, bool overflow) {
  link_state link;
  link.host = host;
  link.overflow = overflow;
  // Overflow links open while others are up: the network is not starting because of them.
  link.tried = overflow;
  links_[id] = link;
  hosts_[host].links.push_back(id);
  if (overflow)
    ++hosts_[host].overflow_links;
  else
    ++untried_links_;
}

void link_pool::remove_link(std::uint32_t id, time_point now) {
  auto i = links_.find(id);
  if (i == links_.end())
    return;
  auto& link = i->second;
  auto& host = hosts_[link.host];
  take_down(link);
  if (!link.tried)
    --untried_links_;
  if (link.overflow) {
    --host.overflow_links;
    if (!link.ever_up) {
      // It never came up: the host refuses more connections or is failing; wait a while.
      host.overflow_requested = false;
      host.overflow_blocked_until
        = now
          + std::max<duration>(std::chrono::milliseconds(network_.connect_timeout_ms),
                               std::chrono::seconds(1));
    }
  }
  std::erase(host.links, id);
  links_.erase(i);
}

bool link_pool::is_overflow(std::uint32_t id) const {
  auto i = links_.find(id);
  return i != links_.end() && i->second.overflow;
}

bool link_pool::carries_traffic(const link_state& link) const {
  return link.up && !link.draining;
}

// Marks `link` down without judging its host: the callers decide what it means.
void link_pool::take_down(link_state& link) {
  auto& host = hosts_[link.host];
  if (link.up) {
    link.up = false;
    --links_up_;
    --host.up_links;
    if (link.in_flight > 0)
      --host.busy_links;
  }
  link.in_flight = 0;
  link.draining = false;
  // A link being drained must not stay out while it is the host's last way in.
  if (!std::ranges::any_of(host.links, [&](auto id) { return carries_traffic(link_of(id)); }))
    for (auto id : host.links)
      link_of(id).draining = false;
}

link_pool::link_state& link_pool::link_of(std::uint32_t id) {
  return links_.find(id)->second;
}

const link_pool::link_state& link_pool::link_of(std::uint32_t id) const {
  return links_.find(id)->second;
}

bool link_pool::is_up(std::uint32_t id) const {
  auto i = links_.find(id);
  return i != links_.end() && i->second.up;
}

std::size_t link_pool::host_of(std::uint32_t id) const {
  return link_of(id).host;
}

// Whether every pool (not overflow) link of `host` is up and none is being drained: only
// then may one of them be taken out for recycling.
bool link_pool::pool_complete(const host_state& host) const {
  return std::ranges::all_of(host.links, [&](auto id) {
    const auto& link = link_of(id);
    return link.overflow || carries_traffic(link);
  });
}

// Whether a pool (not overflow) link of `host` carries traffic.
bool link_pool::pool_carries(const host_state& host) const {
  return std::ranges::any_of(host.links, [&](auto id) {
    const auto& link = link_of(id);
    return !link.overflow && carries_traffic(link);
  });
}

void link_pool::started(std::uint32_t id, time_point now) {
  auto& link = link_of(id);
  ++hosts_[link.host].pending;
  if (link.in_flight++ == 0)
    ++hosts_[link.host].busy_links;
  ask_for_overflow(link.host, now);
}

void link_pool::finished(std::uint32_t id, time_point now) {
  auto i = links_.find(id);
  if (i == links_.end() || i->second.in_flight == 0)
    return;
  if (--i->second.in_flight == 0) {
    --hosts_[i->second.host].busy_links;
    i->second.idle_since = now;
  }
}

void link_pool::settled(std::size_t h, bool ok, duration latency, time_point now) {
  auto& host = hosts_[h];
  --host.pending;
  if (ok) {
    host.breaker.record_success(now);
    host.latency.record(latency);
    answered_.record(latency);
  } else {
    host.breaker.record_failure(now);
  }
}

void link_pool::abandoned(std::size_t h) {
  --hosts_[h].pending;
  hosts_[h].breaker.record_cancelled();
}

void link_pool::cancelled(std::size_t h) {
  hosts_[h].breaker.record_cancelled();
}

void link_pool::mark_tried(link_state& link) {
  if (!link.tried) {
    link.tried = true;
    --untried_links_;
  }
}

bool link_pool::link_up(std::uint32_t id, time_point now) {
  auto i = links_.find(id);
  if (i == links_.end() || i->second.up)
    return false;
  auto& link = i->second;
  mark_tried(link);
  link.up = link.ever_up = true;
  link.up_since = link.idle_since = now;
  ++links_up_;
  auto& host = hosts_[link.host];
  ++host.up_links;
  if (link.overflow)
    host.overflow_requested = false;
  host.burst_link.reset(); // a link just up (an overflow link asked for under load) takes the next
  return true;
}

bool link_pool::link_down(std::uint32_t id, time_point now) {
  auto i = links_.find(id);
  if (i == links_.end())
    return false;
  mark_tried(i->second);
  // One dropped connection is one failure of its host, however many requests it held.
  if (i->second.up)
    hosts_[i->second.host].breaker.record_failure(now);
  take_down(i->second);
  return true;
}

void link_pool::take_out(std::uint32_t id) {
  auto i = links_.find(id);
  if (i != links_.end())
    take_down(i->second);
}

std::optional<std::uint32_t> link_pool::choose(time_point now) {
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    auto& host = hosts_[h];
    views_[h] = host_view{host.up_links > 0 && host.breaker.is_available(now),
                          network_.hosts[h].weight, host.pending, host.latency.ewma()};
  }
  // The breaker is asked last, once the host has a link to offer: a half-open breaker
  // hands out a trial slot with its yes, and a slot given to no request would be lost.
  std::vector<std::size_t> refused;
  for (auto chosen = balancer_.choose(views_); chosen; chosen = balancer_.choose(views_, refused)) {
    auto link = least_loaded_link(hosts_[*chosen]);
    if (link && hosts_[*chosen].breaker.allow_request(now))
      return link;
    refused.push_back(*chosen);
  }
  return std::nullopt;
}

// The link of `host` with the fewest requests in flight; round robin among equals. With a
// burst slack (links that multiplex), a burst stays on one link: the link that took the last
// request keeps taking them while it has requests in flight and carries at most the slack
// more than the least-loaded one. Under load the requests handled together then leave in one
// write on one connection and their answers come back in one read, which costs the gateway
// and the upstream far less per message than spreading them one by one over every
// connection; with one request at a time the links still take turns.
std::optional<std::uint32_t> link_pool::least_loaded_link(host_state& host) {
  std::optional<std::uint32_t> best;
  std::uint32_t best_load = 0;
  auto start = host.next_link++;
  for (std::size_t i = 0; i < host.links.size(); ++i) {
    auto id = host.links[(start + i) % host.links.size()];
    const auto& link = link_of(id);
    if (carries_traffic(link) && (!best || link.in_flight < best_load)) {
      best = id;
      best_load = link.in_flight;
      if (best_load == 0)
        break;
    }
  }
  if (burst_slack_ > 0 && host.burst_link && best) {
    auto i = links_.find(*host.burst_link);
    if (i != links_.end() && carries_traffic(i->second) && i->second.in_flight > 0
        && i->second.in_flight <= best_load + burst_slack_)
      return host.burst_link;
  }
  host.burst_link = best;
  return best;
}

// Every connection of the host that takes requests is busy: one more, if the pool may
// grow and none is already on its way.
void link_pool::ask_for_overflow(std::size_t h, time_point now) {
  auto& host = hosts_[h];
  if (host.overflow_requested || host.overflow_links >= network_.pool_overflow
      || host.busy_links == 0 || now < host.overflow_blocked_until)
    return;
  bool all_busy = std::ranges::all_of(host.links, [&](auto id) {
    const auto& link = link_of(id);
    return !carries_traffic(link) || link.in_flight > 0;
  });
  if (!all_busy)
    return;
  host.overflow_requested = true;
  overflow_requests_.push_back(h);
}

std::vector<std::size_t> link_pool::take_overflow_requests() {
  return std::exchange(overflow_requests_, {});
}

void link_pool::start_draining(std::uint32_t id, link_state& link, work& out) {
  link.draining = true;
  if (link.in_flight > 0)
    return; // it empties as its responses come back or time out
  take_down(link);
  out.recycle.push_back(id);
}

link_pool::work link_pool::maintain(time_point now) {
  work out;
  auto overflow_idle = std::chrono::milliseconds(network_.pool_overflow_idle_ms);
  for (auto& [id, link] : links_) {
    if (link.draining)
      start_draining(id, link, out);
    // An idle overflow link closes, unless it is what keeps the host reachable.
    else if (link.overflow && link.up && link.in_flight == 0
             && now - link.idle_since >= overflow_idle && pool_carries(hosts_[link.host]))
      out.close.push_back(id);
  }
  if (network_.pool_max_age_ms == 0)
    return out;
  // One pool link per host at a time: only while every other one is up and none is out
  // for recycling already (a recycled link is out until it is up again), and never the
  // host's only pool link.
  auto max_age = std::chrono::milliseconds(network_.pool_max_age_ms);
  for (auto& host : hosts_) {
    if (!pool_complete(host))
      continue;
    std::uint32_t pool_links = 0;
    std::optional<std::uint32_t> oldest;
    for (auto id : host.links) {
      const auto& link = link_of(id);
      if (link.overflow)
        continue;
      ++pool_links;
      if (now - link.up_since >= max_age && (!oldest || link.up_since < link_of(*oldest).up_since))
        oldest = id;
    }
    if (oldest && pool_links > 1)
      start_draining(*oldest, link_of(*oldest), out);
  }
  return out;
}

std::pair<std::uint32_t, std::uint32_t> link_pool::host_load(std::size_t host) const {
  return {hosts_[host].up_links, hosts_[host].pending};
}

} // namespace switchyard::core
