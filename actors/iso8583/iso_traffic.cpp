#include "actors/iso8583/iso_traffic.hpp"

#include "actors/iso8583/iso_outcome.hpp"
#include "actors/iso8583/iso_wire.hpp"
#include "protocols/iso8583/describe.hpp"

#include <algorithm>

namespace switchyard {

namespace {

// What dispatch() returns for a request the gateway answers itself, now.
iso_traffic::dispatch_result answer_now(errc outcome) {
  return {0, {}, field39_for(outcome), false, outcome, {}};
}

// Late responses may still come for as long again as the request was allowed to take.
core::duration tombstone_ttl(const config::network_settings& n) {
  return std::chrono::milliseconds(n.timeout_ms);
}

// Switched STANs a network remembers at most (oldest finished ones go first, counted).
constexpr std::size_t max_remembered_stans = 1000000;

bool is_repeat(std::string_view mti) {
  return mti.size() == 4 && (mti[3] == '1' || mti[3] == '3');
}

bool is_reversal(std::string_view mti) {
  return mti.starts_with("04");
}

// How far ahead of the least-loaded link of its host the link of a burst may get: enough for
// a few reads' worth of requests, few enough that no link carries much more than another.
constexpr std::uint32_t iso_burst_slack = 32;

} // namespace

iso_traffic::iso_traffic(const config::network_settings& network, const iso8583::dialect& dialect,
                         iso8583::framing_settings framing, core::unit_random random)
    : network_(network),
      dialect_(dialect),
      framing_(framing),
      header_(framing.header_bytes, '\0'),
      pool_(network, std::move(random)),
      pending_(network.match_fields, tombstone_ttl(network), network.stan_low, network.stan_high),
      reversals_(network.max_owed_reversals),
      remapped_(std::chrono::milliseconds(network.stan_memory_ms), max_remembered_stans) {
  if (!network.transform.empty())
    transform_.emplace(network.transform);
  // An ISO 8583 link multiplexes: requests handled together go out on one link, in one write.
  // A network that may open overflow connections wants its load spread over connections
  // (an issuer that works through each connection in turn): each request to the least busy.
  pool_.keep_bursts_together(network.pool_overflow > 0 ? 0 : iso_burst_slack);
}

std::vector<iso_exchange_ptr> iso_traffic::link_down(std::uint32_t id, core::time_point now) {
  std::erase(backlogged_, id);
  std::vector<iso_exchange_ptr> lost;
  if (!pool_.link_down(id, now))
    return lost;
  auto host = pool_.host_of(id);
  // What was queued on it is written or gone: advices waiting for it may go anywhere.
  reversals_.link_lost(id);
  for (auto ticket : pending_.fail_link(id)) {
    auto f = in_flight_.find(ticket);
    if (f == in_flight_.end()) {
      reversals_.retry_later(ticket, now);
      continue;
    }
    pool_.abandoned(host);
    // Written upstream, answer unknown: the issuer may have approved it.
    owe_reversal(f->second, field39_for(errc::upstream_unavailable), now, std::nullopt);
    forget(ticket, f->second, now);
    lost.push_back(std::move(f->second.exchange));
    in_flight_.erase(f);
  }
  counters_.unavailable += lost.size();
  return lost;
}

void iso_traffic::link_signed_off(std::uint32_t id) {
  pool_.take_out(id);
}

void iso_traffic::link_backlogged(std::uint32_t id, bool full, core::time_point now) {
  std::erase(backlogged_, id);
  if (full) {
    backlogged_.push_back(id);
    pool_.take_out(id);
  } else {
    pool_.link_up(id, now);
  }
}

std::string iso_traffic::financial_refusal() const {
  if (journal_failing_)
    return "the reversal journal cannot be written";
  if (reversals_.is_at_limit())
    return std::to_string(reversals_.size()) + " reversal advices owed (max_owed_reversals = "
           + std::to_string(reversals_.limit()) + ")";
  return {};
}

// A second copy of a transaction in flight (same terminal, STAN, class and, where present,
// transmission time, retrieval reference, amount and acquiring institution) is a duplicate,
// not a STAN collision to remap: remapped, the issuer would take it for a new transaction.
bool iso_traffic::is_same_transaction(const iso8583::message& request, std::uint64_t ticket,
                                      bool remapped_only) const {
  auto f = in_flight_.find(ticket);
  if (f == in_flight_.end() || (!remapped_only && f->second.remapped))
    return false;
  const auto& other = f->second.exchange->request();
  auto same_where_present = [&](int field) {
    return !other.has(field) || !request.has(field) || other.get(field) == request.get(field);
  };
  if (remapped_only) // the reference matched already: terminal, STAN, class, time, RRN
    return same_where_present(4) && same_where_present(32);
  return other.mti().substr(0, 3) == request.mti().substr(0, 3) && other.get(7) == request.get(7)
         && same_where_present(37) && same_where_present(4) && same_where_present(32);
}

// A copy of one that went upstream under a switched STAN: found by what the acquirer sent.
bool iso_traffic::is_duplicate_of_remapped(const iso8583::message& request) const {
  if (remapped_.empty())
    return false;
  auto ticket = remapped_.in_flight(reference_of(request), request.get(37));
  return ticket && is_same_transaction(request, *ticket, true);
}

// A repeat or a reversal of a request that went upstream under a switched STAN must carry
// the STAN the issuer saw (field 11 and field 90); a repeat keeps its STAN in any case.
pending_requests_policy iso_traffic::translate_references(iso_exchange& x) {
  auto& upstream = x.upstream_request();
  auto mti = upstream.mti();
  bool repeat = is_repeat(mti);
  if (!remapped_.empty()) {
    if (repeat && !is_reversal(mti)) {
      if (auto stan = remapped_.upstream_stan(reference_of(upstream))) {
        x.keep_acquirer_stan(std::string{upstream.get(11)});
        upstream.set(11, *stan);
      }
    } else if (is_reversal(mti)) {
      auto original = original_of(upstream);
      auto stan = original ? remapped_.upstream_stan(*original) : std::nullopt;
      if (stan) {
        std::string field90{upstream.get(90)};
        x.keep_acquirer_field(90, field90);
        field90.replace(4, 6, *stan);
        upstream.set(90, field90);
        if (upstream.get(11) == original->stan) {
          x.keep_acquirer_stan(std::string{upstream.get(11)});
          upstream.set(11, *stan);
        }
      }
    }
  }
  return repeat ? pending_requests_policy::keep_stan : pending_requests_policy::remap;
}

iso_traffic::dispatch_result iso_traffic::dispatch(const iso_exchange_ptr& x, core::time_point now,
                                                   std::vector<std::string>* frames_by_link) {
  auto link = pool_.choose(now);
  if (!link && !pool_.any_up() && is_starting())
    return {0, {}, {}, true, std::nullopt, {}};
  ++counters_.requests;
  if (!link) {
    ++counters_.unavailable;
    if (backlogged_.empty())
      return answer_now(errc::upstream_unavailable);
    // Connected, but the issuer does not take what it is sent: refused now, not queued.
    auto refused = answer_now(errc::limit_exceeded);
    refused.reason = "answered " + std::string{refused.code} + ": "
                     + std::to_string(backlogged_.size())
                     + " connection(s) hold max_unwritten_bytes unwritten and none other is up";
    return refused;
  }
  // The request goes upstream as it is, no copy; a switched STAN is remembered so that
  // answers the gateway makes itself still carry the acquirer's.
  auto& upstream = x->upstream_request();
  // The network's transformations come first: everything below sees the request as the
  // network will (duplicates, keys, reversals), and answers get the acquirer's fields back.
  if (transform_)
    transform_->transform_request(upstream, x->acquirer_fields());
  auto host = pool_.host_of(*link);
  // A request refused for its own sake says nothing about the host: hand back the
  // half-open trial slot the pool took, or the breaker would wait for it forever.
  auto refuse = [&](errc outcome, std::uint64_t& counter) {
    pool_.cancelled(host);
    ++counter;
    return answer_now(outcome);
  };
  bool reversible = is_reversible(upstream.mti());
  // When its reversal could not be kept safely, a financial request must not go out at all.
  if (reversible && (journal_failing_ || reversals_.is_at_limit()))
    return refuse(errc::limit_exceeded, counters_.refused_financial);
  if (is_duplicate_of_remapped(upstream))
    return refuse(errc::duplicate_request, counters_.duplicates);
  auto policy = translate_references(*x);
  std::string acquirer_stan{upstream.get(11)};
  auto deadline = now + std::chrono::milliseconds(network_.timeout_ms);

  // The duplicate check runs only when the request's key is in flight already.
  struct same_check {
    const iso_traffic* traffic;
    const iso8583::message* request;
  } check{this, &upstream};

  auto same = [](const void* context, std::uint64_t ticket) {
    const auto* c = static_cast<const same_check*>(context);
    return c->traffic->is_same_transaction(*c->request, ticket, false);
  };
  auto added = pending_.add(upstream, *link, deadline, policy, same, &check);
  if (added.error == pending_errc::duplicate)
    return refuse(errc::duplicate_request, counters_.duplicates);
  if (!added) {
    auto refused = refuse(outcome_of_refusal(added.error), counters_.rejected);
    refused.reason = "answered " + std::string{refused.code} + ": " + added.error.message() + ": "
                     + iso8583::describe(upstream, dialect_);
    return refused;
  }
  std::optional<acquirer_reference> remapped;
  if (upstream.get(11) != acquirer_stan) {
    x->keep_acquirer_stan(acquirer_stan);
    remapped = reference_of(upstream);
    remapped->stan = acquirer_stan;
    remapped_.remember(*remapped, std::string{upstream.get(11)}, std::string{upstream.get(37)},
                       added.ticket);
  }
  dispatch_result result{*link, {}, {}, false, std::nullopt, {}};
  if (frames_by_link && frames_by_link->size() <= *link)
    frames_by_link->resize(*link + 1);
  auto& out = frames_by_link ? (*frames_by_link)[*link] : result.frame;
  if (auto encoded = encode_message_frame(header_, upstream, dialect_, framing_, out);
      !encoded.ok()) {
    pending_.cancel(added.ticket);
    if (remapped)
      remapped_.finished(*remapped, added.ticket, now);
    // The acquirer sent what its own dialect allows: that the network's cannot carry it is
    // the gateway's failure (ISO 8583:1987 field 39 = 96), not a format error of the acquirer.
    auto refused = refuse(errc::internal_error, counters_.rejected);
    refused.reason = "answered 96: cannot encode the request in the network's dialect ("
                     + iso8583::to_string(encoded) + "): " + iso8583::describe(upstream, dialect_);
    return refused;
  }
  auto forward_id = forward_journal_ && reversible ? reversals_.forward(upstream) : 0;
  in_flight_.emplace(added.ticket, in_flight{x, host, *link, now, forward_id, std::move(remapped)});
  if (forward_journal_)
    unsent_.push_back(added.ticket);
  pool_.started(*link, now);
  return result;
}

std::optional<iso_traffic::delivery>
iso_traffic::on_response(std::uint32_t, iso8583::message& response, core::time_point now) {
  auto m = pending_.match(response);
  auto f = m ? in_flight_.find(m->ticket) : in_flight_.end();
  if (f == in_flight_.end()) {
    if (!m || !reversals_.acknowledge(m->ticket, response.get(39), now))
      ++counters_.late;
    return std::nullopt;
  }
  ++counters_.responses;
  if (transform_) {
    const auto& x = *f->second.exchange;
    transform_->transform_response(response, x.request(), x.acquirer_fields());
  }
  pool_.settled(f->second.host, true, now - f->second.sent, now);
  pool_.finished(f->second.link, now);
  forget(m->ticket, f->second, now);
  delivery d{std::move(f->second.exchange), f->second.forward_id};
  in_flight_.erase(f);
  return d;
}

bool iso_traffic::answered(const delivery& d, const iso8583::message& response, bool deliverable,
                           core::time_point now) {
  bool approval = is_approval(response.get(39)) && is_reversible(d.exchange->request().mti());
  if (approval && !deliverable) {
    ++counters_.undelivered;
    if (d.forward_id != 0)
      reversals_.forward_owed(d.forward_id, d.exchange->request(),
                              field39_for(errc::upstream_timeout), now);
    else
      reversals_.add(d.exchange->request(), field39_for(errc::upstream_timeout), now);
    return false;
  }
  if (d.forward_id == 0)
    return false;
  if (approval)
    return true;
  reversals_.forward_settled(d.forward_id); // a decline needs no reversal, delivered or not
  return false;
}

std::vector<iso_exchange_ptr> iso_traffic::withdraw_unsent(core::time_point now) {
  std::vector<iso_exchange_ptr> withdrawn;
  for (auto ticket : std::exchange(unsent_, {})) {
    auto f = in_flight_.find(ticket);
    if (f == in_flight_.end())
      continue;
    pending_.cancel(ticket);
    pool_.abandoned(f->second.host);
    pool_.finished(f->second.link, now);
    forget(ticket, f->second, now);
    if (f->second.forward_id != 0)
      reversals_.forward_settled(f->second.forward_id);
    ++counters_.refused_financial;
    withdrawn.push_back(std::move(f->second.exchange));
    in_flight_.erase(f);
  }
  return withdrawn;
}

std::vector<iso_exchange_ptr> iso_traffic::expire(core::time_point now) {
  std::vector<iso_exchange_ptr> expired;
  remapped_.purge(now);
  for (auto ticket : pending_.expire(now)) {
    auto f = in_flight_.find(ticket);
    if (f == in_flight_.end()) {
      reversals_.retry_later(ticket, now);
      continue;
    }
    pool_.settled(f->second.host, false, {}, now);
    pool_.finished(f->second.link, now);
    // The acquirer hears 68; the issuer may still approve it: reverse it upstream, after
    // the request itself (it may still wait in its link's write queue).
    owe_reversal(f->second, field39_for(errc::upstream_timeout), now, f->second.link);
    forget(ticket, f->second, now);
    expired.push_back(std::move(f->second.exchange));
    in_flight_.erase(f);
  }
  counters_.timeouts += expired.size();
  return expired;
}

void iso_traffic::forget(std::uint64_t ticket, const in_flight& f, core::time_point now) {
  if (f.remapped)
    remapped_.finished(*f.remapped, ticket, now);
}

std::optional<core::time_point> iso_traffic::next_deadline() const {
  auto a = pending_.next_deadline();
  auto b = reversals_.next_due();
  if (b)
    b = std::max(*b, reversals_held_until_);
  if (a && b)
    return std::min(*a, *b);
  return a ? a : b;
}

} // namespace switchyard
