#include "actors/iso_traffic.hpp"

#include "actors/iso_wire.hpp"

#include <algorithm>

namespace switchyard {

std::string_view response_code_for(std::error_code refused) {
  using core::pending_errc;
  if (refused == pending_errc::no_free_stan)
    return response_code::system_malfunction;
  if (refused == pending_errc::key_in_use)
    return response_code::duplicate_transmission;
  return response_code::format_error; // no MTI, not a request, a match field missing
}

namespace {

// Late responses may still come for as long again as the request was allowed to take.
core::duration tombstone_ttl(const config::network_settings& n) {
  return std::chrono::milliseconds(n.timeout_ms);
}

constexpr std::size_t max_reversals = 10000;

// A reversal advice may take as long as a request, but gets at least a second.
core::duration reversal_timeout(const config::network_settings& n) {
  return std::max<core::duration>(std::chrono::milliseconds(n.timeout_ms), std::chrono::seconds(1));
}

} // namespace

iso_traffic::iso_traffic(const config::network_settings& network, const iso8583::dialect& dialect,
                         iso8583::framing_settings framing, core::unit_random random)
    : network_(network),
      dialect_(dialect),
      framing_(framing),
      header_(framing.header_bytes, '\0'),
      balancer_(network.load_balancing, std::move(random)),
      pending_(network.match_fields, tombstone_ttl(network)),
      reversals_(max_reversals) {
  hosts_.reserve(network.hosts.size());
  for (std::size_t i = 0; i < network.hosts.size(); ++i)
    hosts_.emplace_back(network.breaker);
  views_.resize(hosts_.size());
}

std::vector<iso_exchange_ptr> iso_traffic::link_down(std::uint32_t id, core::time_point now) {
  std::vector<iso_exchange_ptr> lost;
  auto i = links_.find(id);
  if (i == links_.end())
    return lost;
  mark_tried(i->second);
  auto& host = hosts_[i->second.host];
  // One dropped connection is one failure of its host, however many requests it held.
  if (i->second.up)
    host.breaker.record_failure(now);
  take_down(i->second);
  for (auto ticket : pending_.fail_link(id)) {
    auto f = in_flight_.find(ticket);
    if (f == in_flight_.end()) {
      reversals_.retry_later(ticket, now);
      continue;
    }
    --host.pending;
    host.breaker.record_cancelled();
    // Written upstream, answer unknown: the issuer may have approved it.
    reversals_.add(f->second.exchange->request(), response_code::issuer_unavailable, now);
    lost.push_back(std::move(f->second.exchange));
    in_flight_.erase(f);
  }
  counters_.unavailable += lost.size();
  return lost;
}

std::optional<std::uint32_t> iso_traffic::choose_link(core::time_point now) {
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    auto& host = hosts_[h];
    views_[h] = core::host_view{host.up_links > 0 && host.breaker.is_available(now),
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

// The link of `host` with the fewest requests in flight; round robin among equals.
std::optional<std::uint32_t> iso_traffic::least_loaded_link(host_state& host) {
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
  return best;
}

iso_traffic::dispatch_result iso_traffic::dispatch(const iso_exchange_ptr& x, core::time_point now,
                                                   std::vector<std::string>* frames_by_link) {
  auto link = choose_link(now);
  if (!link && links_up_ == 0 && is_starting())
    return {0, {}, {}, true};
  ++counters_.requests;
  if (!link) {
    ++counters_.unavailable;
    return {0, {}, response_code::issuer_unavailable, false};
  }
  // The request goes upstream as it is, no copy; a switched STAN is remembered so that
  // answers the gateway makes itself still carry the acquirer's.
  auto& upstream = x->upstream_request();
  std::string acquirer_stan{upstream.get(11)};
  auto deadline = now + std::chrono::milliseconds(network_.timeout_ms);
  auto host = links_[*link].host;
  // A request refused for its own format says nothing about the host: hand back the
  // half-open trial slot choose_link took, or the breaker would wait for it forever.
  auto reject = [&](std::string_view code) {
    hosts_[host].breaker.record_cancelled();
    ++counters_.rejected;
    return dispatch_result{0, {}, code, false};
  };
  auto added = pending_.add(upstream, *link, deadline);
  if (!added)
    return reject(response_code_for(added.error));
  if (upstream.get(11) != acquirer_stan)
    x->keep_acquirer_stan(std::move(acquirer_stan));
  dispatch_result result{*link, {}, {}, false};
  if (frames_by_link && frames_by_link->size() <= *link)
    frames_by_link->resize(*link + 1);
  auto& out = frames_by_link ? (*frames_by_link)[*link] : result.frame;
  if (!encode_message_frame(header_, upstream, dialect_, framing_, out).ok()) {
    pending_.cancel(added.ticket);
    return reject(response_code::format_error);
  }
  ++hosts_[host].pending;
  in_flight_.emplace(added.ticket, in_flight{x, host, *link, now});
  link_started(links_[*link]);
  ask_for_overflow(host, now);
  return result;
}

std::optional<iso_traffic::delivery>
iso_traffic::on_response(std::uint32_t, iso8583::message& response, core::time_point now) {
  auto m = pending_.match(response);
  auto f = m ? in_flight_.find(m->ticket) : in_flight_.end();
  if (f == in_flight_.end()) {
    if (!m || !reversals_.acknowledge(m->ticket))
      ++counters_.late;
    return std::nullopt;
  }
  ++counters_.responses;
  settle(f->second, true, now);
  link_finished(f->second.link, now);
  delivery d{std::move(f->second.exchange)};
  in_flight_.erase(f);
  return d;
}

std::vector<iso_exchange_ptr> iso_traffic::expire(core::time_point now) {
  std::vector<iso_exchange_ptr> expired;
  for (auto ticket : pending_.expire(now)) {
    auto f = in_flight_.find(ticket);
    if (f == in_flight_.end()) {
      reversals_.retry_later(ticket, now);
      continue;
    }
    settle(f->second, false, now);
    link_finished(f->second.link, now);
    // The acquirer hears 68; the issuer may still approve it: reverse it upstream.
    reversals_.add(f->second.exchange->request(), response_code::response_late, now);
    expired.push_back(std::move(f->second.exchange));
    in_flight_.erase(f);
  }
  counters_.timeouts += expired.size();
  return expired;
}

std::optional<core::time_point> iso_traffic::next_deadline() const {
  auto a = pending_.next_deadline();
  auto b = reversals_.next_due();
  if (a && b)
    return std::min(*a, *b);
  return a ? a : b;
}

std::vector<std::pair<std::uint32_t, std::string>>
iso_traffic::send_reversals(core::time_point now) {
  std::vector<std::pair<std::uint32_t, std::string>> frames;
  for (auto id : reversals_.due(now)) {
    auto link = choose_link(now);
    if (!link)
      break;
    // Advices say nothing about a host's health: give back any half-open trial slot.
    hosts_[links_[*link].host].breaker.record_cancelled();
    auto advice = reversals_.advice(id);
    auto added = pending_.add(advice, *link, now + reversal_timeout(network_));
    if (!added) {
      reversals_.postpone(id, now);
      continue;
    }
    std::string frame;
    if (!encode_message_frame(header_, advice, dialect_, framing_, frame).ok()) {
      pending_.cancel(added.ticket);
      reversals_.discard(id);
      continue;
    }
    reversals_.sent(id, added.ticket);
    frames.emplace_back(*link, std::move(frame));
  }
  return frames;
}

void iso_traffic::keep_reversals_in(reversal_journal* journal,
                                    std::vector<reversal_journal::owed_advice> owed,
                                    core::time_point now) {
  for (auto& o : owed)
    reversals_.restore(o.id, std::move(o.advice), now);
  reversals_.attach(journal);
}

std::pair<std::uint32_t, std::uint32_t> iso_traffic::host_load(std::size_t host) const {
  return {hosts_[host].up_links, hosts_[host].pending};
}

void iso_traffic::settle(const in_flight& f, bool ok, core::time_point now) {
  auto& host = hosts_[f.host];
  --host.pending;
  if (ok) {
    host.breaker.record_success(now);
    host.latency.record(now - f.sent);
  } else {
    host.breaker.record_failure(now);
  }
}

} // namespace switchyard
