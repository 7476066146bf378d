#pragma once

// The decisions of one ISO 8583 connector, apart from actors and sockets: which host and
// link take a request, breaker and latency bookkeeping, matching responses, deadlines.

#include "actors/iso8583/iso_exchange.hpp"
#include "actors/iso8583/iso_pending.hpp"
#include "actors/iso8583/remapped_stans.hpp"
#include "actors/iso8583/reversal_journal.hpp"
#include "actors/iso8583/reversal_store.hpp"
#include "config/settings.hpp"
#include "core/link_pool.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/transformer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace switchyard {

/// How a request's key is treated when it is taken (see iso_pending).
using pending_requests_policy = iso_pending::key_policy;

/// Counters of one connector's traffic.
struct iso_traffic_counters {
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t timeouts = 0;          ///< answered 68
  std::uint64_t unavailable = 0;       ///< answered 91
  std::uint64_t rejected = 0;          ///< answered 30 (no STAN) or 96 (unencodable)
  std::uint64_t late = 0;              ///< responses after their deadline, dropped
  std::uint64_t duplicates = 0;        ///< answered 94: the same transaction already in flight
  std::uint64_t refused_financial = 0; ///< answered 91: reversals could not be kept safely
  std::uint64_t undelivered = 0;       ///< approvals the acquirer never received (reversed)
};

/// One connector's upstream traffic state.
class iso_traffic {
public:
  /// What dispatch() decided: a frame to write on `link`, or a response code to answer.
  struct dispatch_result {
    std::uint32_t link = 0;
    std::string frame;
    std::string_view code;       ///< non-empty: answer the acquirer with this field 39 now
    bool wait = false;           ///< no link is up yet but some are still making their first try
    std::optional<errc> outcome; ///< set with `code`: what answers the acquirer now
    std::string reason; ///< set with a 30 or 96 the request earned itself: why, masked, to log
  };

  /// A response matched to its exchange (the response itself stays with the caller, its
  /// field 11 restored to the acquirer's STAN).
  struct delivery {
    iso_exchange_ptr exchange;
    std::uint64_t forward_id = 0; ///< its forward journal record; settle or owe it (answered)
  };

  /// Creates the state of `network`, whose messages are packed with `dialect`.
  iso_traffic(const config::network_settings& network, const iso8583::dialect& dialect,
              iso8583::framing_settings framing, core::unit_random random);

  /// What the pool needs done: connections to replace or close (see maintain_pool).
  using pool_work = core::link_pool::work;

  /// Registers link `id` as belonging to host `host` (an index into the network's hosts);
  /// an `overflow` link is an extra one opened under load.
  void add_link(std::uint32_t id, std::size_t host, bool overflow = false);

  /// Forgets link `id` (an overflow link that closed); reversal advices it carried are
  /// sent again later. An overflow link that never came up holds off the next one a while.
  void remove_link(std::uint32_t id, core::time_point now);

  /// Returns whether link `id` is an overflow link.
  bool is_overflow(std::uint32_t id) const;

  /// Marks link `id` able to carry requests as of `now`.
  void link_up(std::uint32_t id, core::time_point now);

  /// Marks link `id` down; returns the exchanges that were in flight on it.
  std::vector<iso_exchange_ptr> link_down(std::uint32_t id, core::time_point now);

  /// The issuer signed link `id` off (0800, field 70 = 002): it takes no new requests until
  /// it is signed on again (link_up); what is in flight on it may still be answered.
  void link_signed_off(std::uint32_t id);

  /// Link `id` has too much unwritten (`full`: no new requests on it) or is back under its
  /// bound (it takes requests again as of `now`).
  void link_backlogged(std::uint32_t id, bool full, core::time_point now);

  /// Chooses a link for `x` and encodes its upstream request, or says what to answer. With
  /// `frames_by_link`, the frame is appended to the buffer of its link there (grown as
  /// needed) instead of returned, so a batch is encoded straight into one write per link.
  dispatch_result dispatch(const iso_exchange_ptr& x, core::time_point now,
                           std::vector<std::string>* frames_by_link = nullptr);

  /// Matches a response from `link` to the request in flight it answers; nothing for a late
  /// or unknown one (counted). The caller keeps `response`; a switched STAN is restored in it
  /// and the network's response steps are applied to it (what the request steps changed is
  /// restored when the exchange is answered).
  std::optional<delivery> on_response(std::uint32_t link, iso8583::message& response,
                                      core::time_point now);

  /// The same, for a response the caller does not keep.
  std::optional<delivery> on_response(std::uint32_t link, iso8583::message&& response,
                                      core::time_point now) {
    return on_response(link, response, now);
  }

  /// Removes the exchanges whose deadline passed; the caller answers them with 68.
  std::vector<iso_exchange_ptr> expire(core::time_point now);

  /// Settles what delivering the answer `d` to `response` means for reversals: an approval
  /// the acquirer cannot receive (`deliverable` false) is reversed, anything else settles
  /// its forward record, except a deliverable approval's: returns true when that record must
  /// wait until the approval is written to the acquirer (iso_exchange::settle_on_delivery).
  bool answered(const delivery& d, const iso8583::message& response, bool deliverable,
                core::time_point now);

  /// Takes back every request dispatched since the last mark_sent() (its forward records
  /// could not be written, so it must not go upstream) and returns their exchanges, to be
  /// answered 91; the caller discards their frames.
  std::vector<iso_exchange_ptr> withdraw_unsent(core::time_point now);

  /// The requests dispatched so far are on their way upstream.
  void mark_sent() noexcept { unsent_.clear(); }

  /// Reverses the approval `x` was answered with, which did not reach the acquirer.
  void reverse_undelivered(const iso_exchange& x, core::time_point now);

  /// Refuses (91) financial requests from now on while `refuse` holds: the gateway cannot
  /// keep their reversals safely (the journal fails).
  void refuse_financial(bool refuse) noexcept { journal_failing_ = refuse; }

  /// Returns whether financial requests are refused now, and why (empty when they are not).
  std::string financial_refusal() const;

  /// Returns the earliest deadline in flight or the next reversal advice due.
  std::optional<core::time_point> next_deadline() const;

  /// Makes every owed advice not in flight due now, also when no link could carry advices a
  /// moment ago; returns how many (send_reversals writes them).
  std::size_t retry_reversals_now(core::time_point now);

  /// Returns the reversal advices (0420/0421) to write now, each with its link.
  std::vector<std::pair<std::uint32_t, std::string>> send_reversals(core::time_point now);

  /// Returns the hosts whose every connection is busy and that may open one more
  /// (pool_overflow), once each until that connection is up or gone; clears the list.
  std::vector<std::size_t> take_overflow_requests();

  /// Drains links older than pool_max_age_ms (one per host at a time, and only while another
  /// of its links carries traffic) and says which drained ones to reconnect; closes overflow
  /// links idle for pool_overflow_idle_ms. Links to recycle are already marked down.
  pool_work maintain_pool(core::time_point now);

  /// Takes back the advices `journal` still owed and records every later change of the
  /// advices owed there (`journal` must outlive this; the caller flushes it). With the
  /// forward journal on, each financial request is recorded there before it goes upstream.
  void keep_reversals_in(reversal_journal* journal, std::vector<reversal_journal::owed_advice> owed,
                         core::time_point now);

  /// Returns whether financial requests are journaled before they go upstream.
  bool journals_forwards() const noexcept { return forward_journal_; }

  /// Returns the reversal advices owed to the network.
  const reversal_store& reversals() const noexcept { return reversals_; }

  /// Returns whether some link has neither come up nor failed yet, or none was added yet
  /// (the node or the connector is starting).
  bool is_starting() const noexcept { return pool_.is_starting(); }

  /// Returns whether any link is up.
  bool any_link_up() const noexcept { return pool_.any_up(); }

  /// Returns up links and requests in flight of host `host`.
  std::pair<std::uint32_t, std::uint32_t> host_load(std::size_t host) const {
    return pool_.host_load(host);
  }

  /// Returns how many up links of host `host` have a request in flight.
  std::uint32_t busy_links(std::size_t host) const { return pool_.busy_links(host); }

  /// Closes host `host`'s breaker (shell reset-breaker).
  void reset_breaker(std::size_t host, core::time_point now) { pool_.reset_breaker(host, now); }

  /// Returns the state of host `host`'s breaker at `now`.
  core::breaker_state breaker(std::size_t host, core::time_point now) const {
    return pool_.breaker(host, now);
  }

  /// Returns how many times host `host`'s breaker opened.
  std::uint64_t breaker_opened(std::size_t host) const { return pool_.breaker_opened(host); }

  /// Returns how long the network's answered requests took.
  const core::latency_histogram& answered_latency() const noexcept {
    return pool_.answered_latency();
  }

  /// Returns the counters.
  const iso_traffic_counters& counters() const noexcept { return counters_; }

  /// Counts `n` requests answered unavailable without a dispatch() that counted them (they
  /// waited for a first link in vain).
  void count_unavailable(std::size_t n) {
    counters_.requests += n;
    counters_.unavailable += n;
  }

  /// Returns the number of requests in flight.
  std::size_t in_flight_count() const noexcept { return in_flight_.size(); }

  /// Returns the number of links and of those up.
  std::pair<std::uint32_t, std::uint32_t> link_counts() const noexcept {
    return pool_.link_counts();
  }

  /// Returns how many requests got a switch-assigned STAN.
  std::uint64_t remapped() const noexcept { return pending_.remapped_count(); }

  /// Returns the switched STANs remembered for later references.
  const remapped_stans& remembered_stans() const noexcept { return remapped_; }

private:
  void release_tickets(std::uint32_t id, core::time_point now);

  struct in_flight {
    iso_exchange_ptr exchange;
    std::size_t host = 0;
    std::uint32_t link = 0;
    core::time_point sent;
    std::uint64_t forward_id = 0;               // forward journal record, 0 when none
    std::optional<acquirer_reference> remapped; // set when its STAN was switched
  };

  std::optional<std::uint32_t> advice_link(std::uint64_t id, core::time_point now);
  bool is_same_transaction(const iso8583::message& request, std::uint64_t ticket,
                           bool remapped_only) const;
  bool is_duplicate_of_remapped(const iso8583::message& request) const;
  pending_requests_policy translate_references(iso_exchange& x);
  void owe_reversal(const in_flight& f, std::string_view reason, core::time_point now,
                    std::optional<std::uint32_t> link);
  void forget(std::uint64_t ticket, const in_flight& f, core::time_point now);

  config::network_settings network_;
  const iso8583::dialect& dialect_;
  std::optional<iso8583::transformer> transform_; // none: messages pass as they are
  iso8583::framing_settings framing_;
  std::string header_;
  core::link_pool pool_;
  iso_pending pending_;
  reversal_store reversals_;
  remapped_stans remapped_;
  bool forward_journal_ = false; // set once a journal is attached and the network asks for it
  bool journal_failing_ = false;
  std::vector<std::uint64_t> unsent_;     // tickets dispatched since mark_sent (forward journal)
  core::time_point reversals_held_until_; // no link could carry advices: not before this
  std::unordered_map<std::uint64_t, in_flight> in_flight_;
  iso_traffic_counters counters_;
  std::vector<std::uint32_t> backlogged_; // links out of rotation for their unwritten bytes
};

} // namespace switchyard
