#include "actors/iso8583/iso_traffic.hpp"

#include <algorithm>

// The link and pool side of iso_traffic: links coming and going, requests per link,
// overflow connections under load and recycling by age.

namespace switchyard {

void iso_traffic::add_link(std::uint32_t id, std::size_t host, bool overflow) {
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

void iso_traffic::remove_link(std::uint32_t id, core::time_point now) {
  auto i = links_.find(id);
  if (i == links_.end())
    return;
  auto& link = i->second;
  auto& host = hosts_[link.host];
  take_down(link);
  release_tickets(id, now);
  if (!link.tried)
    --untried_links_;
  if (link.overflow) {
    --host.overflow_links;
    if (!link.ever_up) {
      // It never came up: the host refuses more connections or is failing; wait a while.
      host.overflow_requested = false;
      host.overflow_blocked_until
        = now
          + std::max<core::duration>(std::chrono::milliseconds(network_.connect_timeout_ms),
                                     std::chrono::seconds(1));
    }
  }
  std::erase(host.links, id);
  links_.erase(i);
}

bool iso_traffic::is_overflow(std::uint32_t id) const {
  auto i = links_.find(id);
  return i != links_.end() && i->second.overflow;
}

bool iso_traffic::carries_traffic(const link_state& link) const {
  return link.up && !link.draining;
}

// Marks `link` down without judging its host: the callers decide what it means.
void iso_traffic::take_down(link_state& link) {
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

iso_traffic::link_state& iso_traffic::link_of(std::uint32_t id) {
  return links_.find(id)->second;
}

// Whether every pool (not overflow) link of `host` is up and none is being drained: only
// then may one of them be taken out for recycling.
bool iso_traffic::pool_complete(const host_state& host) {
  return std::ranges::all_of(host.links, [&](auto id) {
    const auto& link = link_of(id);
    return link.overflow || carries_traffic(link);
  });
}

// Whether a pool (not overflow) link of `host` carries traffic.
bool iso_traffic::pool_carries(const host_state& host) {
  return std::ranges::any_of(host.links, [&](auto id) {
    const auto& link = link_of(id);
    return !link.overflow && carries_traffic(link);
  });
}

// Reversal advices still pending on a link that closed on purpose go out again later.
void iso_traffic::release_tickets(std::uint32_t id, core::time_point now) {
  for (auto ticket : pending_.fail_link(id))
    if (!in_flight_.contains(ticket))
      reversals_.retry_later(ticket, now);
}

void iso_traffic::link_started(link_state& link) {
  if (link.in_flight++ == 0)
    ++hosts_[link.host].busy_links;
}

void iso_traffic::link_finished(std::uint32_t id, core::time_point now) {
  auto i = links_.find(id);
  if (i == links_.end() || i->second.in_flight == 0)
    return;
  if (--i->second.in_flight == 0) {
    --hosts_[i->second.host].busy_links;
    i->second.idle_since = now;
  }
}

void iso_traffic::mark_tried(link_state& link) {
  if (!link.tried) {
    link.tried = true;
    --untried_links_;
  }
}

void iso_traffic::link_up(std::uint32_t id, core::time_point now) {
  auto i = links_.find(id);
  if (i == links_.end() || i->second.up)
    return;
  auto& link = i->second;
  mark_tried(link);
  link.up = link.ever_up = true;
  link.up_since = link.idle_since = now;
  ++links_up_;
  reversals_held_until_ = {}; // advices may go out at once
  auto& host = hosts_[link.host];
  ++host.up_links;
  if (link.overflow)
    host.overflow_requested = false;
}

// Every connection of the host that takes requests is busy: one more, if the pool may
// grow and none is already on its way.
void iso_traffic::ask_for_overflow(std::size_t h, core::time_point now) {
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

std::vector<std::size_t> iso_traffic::take_overflow_requests() {
  return std::exchange(overflow_requests_, {});
}

void iso_traffic::start_draining(std::uint32_t id, link_state& link, core::time_point now,
                                 pool_work& work) {
  link.draining = true;
  if (link.in_flight > 0)
    return; // it empties as its responses come back or time out
  take_down(link);
  release_tickets(id, now);
  work.recycle.push_back(id);
}

iso_traffic::pool_work iso_traffic::maintain_pool(core::time_point now) {
  pool_work work;
  auto overflow_idle = std::chrono::milliseconds(network_.pool_overflow_idle_ms);
  for (auto& [id, link] : links_) {
    if (link.draining)
      start_draining(id, link, now, work);
    // An idle overflow link closes, unless it is what keeps the host reachable.
    else if (link.overflow && link.up && link.in_flight == 0
             && now - link.idle_since >= overflow_idle && pool_carries(hosts_[link.host]))
      work.close.push_back(id);
  }
  if (network_.pool_max_age_ms == 0)
    return work;
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
      start_draining(*oldest, link_of(*oldest), now, work);
  }
  return work;
}

} // namespace switchyard
