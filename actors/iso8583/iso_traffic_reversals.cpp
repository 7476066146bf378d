#include "actors/iso8583/iso_traffic.hpp"

// The reversal side of iso_traffic: advices owed for approvals that may not have reached the
// issuer or the acquirer, the link each goes out on, and the pace of a backlog after an
// outage (the store and its journal are reversal_store and reversal_journal).

#include "actors/iso8583/iso_outcome.hpp"
#include "actors/iso8583/iso_wire.hpp"

#include <algorithm>

namespace switchyard {

namespace {

// A reversal advice may take as long as a request, but gets at least a second.
core::duration reversal_timeout(const config::network_settings& n) {
  return std::max<core::duration>(std::chrono::milliseconds(n.timeout_ms), std::chrono::seconds(1));
}

// While no link can carry advices, they wait this long before the next look (a link coming
// up sends them at once).
constexpr auto reversal_hold = std::chrono::seconds(1);

// Advices in flight at once: a backlog after an outage must not flood the issuer.
constexpr std::size_t max_advices_in_flight = 64;

} // namespace

void iso_traffic::reverse_undelivered(const iso_exchange& x, core::time_point now) {
  ++counters_.undelivered;
  // A forward record still open becomes the owed advice; without one a new advice is owed.
  if (x.forward_id() != 0)
    reversals_.forward_owed(x.forward_id(), x.request(), field39_for(errc::upstream_timeout), now);
  else
    reversals_.add(x.request(), field39_for(errc::upstream_timeout), now);
}

void iso_traffic::owe_reversal(const in_flight& f, std::string_view reason, core::time_point now,
                               std::optional<std::uint32_t> link) {
  if (f.forward_id != 0)
    reversals_.forward_owed(f.forward_id, f.exchange->request(), reason, now, link);
  else
    reversals_.add(f.exchange->request(), reason, now, link);
}

// The link advice `id` goes out on: the one its original was written on while that is up
// (so the advice cannot overtake it), else any the balancer and breakers allow.
std::optional<std::uint32_t> iso_traffic::advice_link(std::uint64_t id, core::time_point now) {
  if (auto required = reversals_.required_link(id)) {
    if (pool_.is_up(*required))
      return *required;
    reversals_.link_lost(*required); // down, signed off or gone: its queue is written or gone
  }
  auto link = pool_.choose(now);
  // Advices say nothing about a host's health: give back any half-open trial slot.
  if (link)
    pool_.cancelled(pool_.host_of(*link));
  return link;
}

std::size_t iso_traffic::retry_reversals_now(core::time_point now) {
  reversals_held_until_ = now;
  return reversals_.make_due(now);
}

std::vector<std::pair<std::uint32_t, std::string>>
iso_traffic::send_reversals(core::time_point now) {
  std::vector<std::pair<std::uint32_t, std::string>> frames;
  if (now < reversals_held_until_)
    return frames;
  auto advices_in_flight = reversals_.in_flight_count();
  if (advices_in_flight >= max_advices_in_flight)
    return frames;
  // A backlog is looked at in slices: what can go out now, and a few in case some cannot.
  auto room = max_advices_in_flight - advices_in_flight;
  for (auto id : reversals_.due(now, 2 * room + 8)) {
    if (advices_in_flight >= max_advices_in_flight)
      break;
    auto link = advice_link(id, now);
    if (!link) {
      // Nothing can carry advices now (no link, or breakers open): look again in a while,
      // not at once.
      reversals_held_until_ = now + reversal_hold;
      break;
    }
    auto advice = reversals_.advice(id);
    // A repeat is the same message: it keeps its STAN, taking over the earlier attempt's key.
    auto added = pending_.add(advice, *link, now + reversal_timeout(network_),
                              pending_requests_policy::keep_stan);
    if (!added) {
      reversals_.postpone(id, now, reversal_hold);
      continue;
    }
    std::string frame;
    if (!encode_message_frame(header_, advice, dialect_, framing_, frame).ok()) {
      pending_.cancel(added.ticket);
      reversals_.postpone(id, now, std::chrono::seconds(60));
      continue;
    }
    reversals_.sent(id, added.ticket);
    ++advices_in_flight;
    frames.emplace_back(*link, std::move(frame));
  }
  return frames;
}

void iso_traffic::keep_reversals_in(reversal_journal* journal,
                                    std::vector<reversal_journal::owed_advice> owed,
                                    core::time_point now) {
  for (auto& o : owed)
    reversals_.restore(o.id, std::move(o.advice), o.sent_before, now);
  reversals_.attach(journal);
  forward_journal_ = journal != nullptr && network_.forward_journal;
}

} // namespace switchyard
