#pragma once

// Reversal advices (0420) owed to a network for requests whose outcome is unknown: a
// timed-out or cut-off 0100/0200 (or a repeat of one), or an approval the acquirer never
// received, may stand upstream although the acquirer was told otherwise. Each advice is
// stored and sent again (as 0421, the same message with the repeat MTI) until a 0430 that
// settles it comes back. Nothing owed is ever dropped: past `limit` advices the store says
// so (is_at_limit) and the network stops taking financial requests. Plain class: the
// caller passes the time.

#include "core/time.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchyard {

class reversal_journal;

/// Returns whether `mti` is a request whose effect a reversal undoes: an authorization or
/// financial request (0100, 0200) or a repeat of one (0101, 0201).
bool is_reversible(std::string_view mti);

/// Returns whether a 0430 with field 39 = `code` settles its advice: 00, or 25 and 94 (the
/// issuer has nothing to reverse, or has the advice already). Others (96 ...) are retried.
bool settles_advice(std::string_view code);

/// Returns the 0420 reversing `request` (a reversible request as sent upstream) with field
/// 39 = `reason` and field 90 (original data elements); nothing for other MTIs.
std::optional<iso8583::message> make_reversal_advice(const iso8583::message& request,
                                                     std::string_view reason);

/// One owed advice as an operator sees it (shell `saf`).
struct owed_advice_view {
  std::uint64_t id = 0;
  iso8583::message advice; ///< as it will next be sent (0420 or 0421)
  std::uint32_t attempts = 0;
  core::time_point due;
  bool in_flight = false;
};

/// The reversal advices of one network, in flight or waiting for their next attempt.
class reversal_store {
public:
  /// A store that reports itself at its limit from `limit` advices on; an advice not
  /// settled is tried again after 1 s, 2 s, 4 s ... up to a minute.
  explicit reversal_store(std::size_t limit);

  /// Records every advice stored, sent or settled from now on in `journal` (which must
  /// outlive the store); null stops that.
  void attach(reversal_journal* journal) noexcept { journal_ = journal; }

  /// Takes back advice `id` that a journal still owed, due at `now`; `sent_before`: it may
  /// have gone out already, so it is sent as a repeat (0421). Ids given later are above
  /// every restored one.
  void restore(std::uint64_t id, iso8583::message advice, bool sent_before, core::time_point now);

  /// Stores the reversal of `request`, sent on link `link` (its advice goes out on that link
  /// only, after the request, until the link goes down); false when it needs none.
  bool add(const iso8583::message& request, std::string_view reason, core::time_point now,
           std::optional<std::uint32_t> link = std::nullopt);

  /// Journals that `request` (reversible) goes upstream now: unless settled with
  /// forward_settled, a restart after a crash reverses it. Returns its id, 0 when the
  /// request is not reversible or no journal is attached.
  std::uint64_t forward(const iso8583::message& request);

  /// Settles forward record `id`: its answer needs no reversal.
  void forward_settled(std::uint64_t id);

  /// Turns forward record `id` into an owed advice for `request` (timed out, cut off or not
  /// delivered); the journal already holds it.
  void forward_owed(std::uint64_t id, const iso8583::message& request, std::string_view reason,
                    core::time_point now, std::optional<std::uint32_t> link = std::nullopt);

  /// Returns the advices due at `now` that are not in flight, oldest first; at most `max`
  /// of them (those due earliest).
  std::vector<std::uint64_t> due(core::time_point now, std::size_t max = SIZE_MAX) const;

  /// Returns the link advice `id` must go out on, if it must wait for its original there.
  std::optional<std::uint32_t> required_link(std::uint64_t id) const;

  /// Forgets which link the advices of `link` had to wait on (it went down: what was queued
  /// on it is written or gone).
  void link_lost(std::uint32_t link);

  /// Returns the advice to send for `id`: 0420 the first time, 0421 after that.
  iso8583::message advice(std::uint64_t id) const;

  /// Records that advice `id` went upstream as pending ticket `ticket`.
  void sent(std::uint64_t id, std::uint64_t ticket);

  /// Handles the 0430 to `ticket` with field 39 = `code`: settles the advice or schedules
  /// it again; returns false for tickets that are not advices'.
  bool acknowledge(std::uint64_t ticket, std::string_view code, core::time_point now);

  /// Schedules the advice of `ticket` again (no 0430 came); false for other tickets.
  bool retry_later(std::uint64_t ticket, core::time_point now);

  /// Tries advice `id` again `after` from `now` (it could not be sent now).
  void postpone(std::uint64_t id, core::time_point now, core::duration after);

  /// Makes every advice waiting for its next attempt due at `now` (an operator's word: the
  /// upstream is back before the backoff would try again); returns how many. Advices in
  /// flight wait for their answer.
  std::size_t make_due(core::time_point now);

  /// Returns when the next waiting advice is due.
  std::optional<core::time_point> next_due() const;

  /// Returns the number of stored advices.
  std::size_t size() const noexcept { return entries_.size(); }

  /// Returns the number of advices sent and not answered yet.
  std::size_t in_flight_count() const noexcept { return tickets_.size(); }

  /// Returns whether as many advices are owed as the limit allows.
  bool is_at_limit() const noexcept { return entries_.size() >= limit_; }

  /// Returns the limit.
  std::size_t limit() const noexcept { return limit_; }

  /// Returns how many advices were settled by a 0430, and how many 0430s asked for a retry.
  std::uint64_t acknowledged() const noexcept { return acknowledged_; }

  std::uint64_t refused_by_issuer() const noexcept { return refused_by_issuer_; }

  /// Returns up to `max` owed advices, oldest first.
  std::vector<owed_advice_view> list(std::size_t max) const;

private:
  struct entry {
    iso8583::message advice;
    std::uint32_t attempts = 0;
    core::time_point due;
    bool in_flight = false;
    std::optional<std::uint32_t> link; // must follow its original on this link
  };

  void store(std::uint64_t id, iso8583::message advice, core::time_point now,
             std::optional<std::uint32_t> link);
  void schedule_retry(std::uint64_t id, entry& e, core::time_point now);
  void set_due(std::uint64_t id, entry& e, core::time_point due);
  void unschedule(std::uint64_t id, const entry& e);

  std::size_t limit_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, entry> entries_;                       // by id: oldest first
  std::set<std::pair<core::time_point, std::uint64_t>> waiting_; // not in flight, by due time
  std::unordered_map<std::uint64_t, std::uint64_t> tickets_;     // pending ticket -> id
  std::uint64_t acknowledged_ = 0;
  std::uint64_t refused_by_issuer_ = 0;
  reversal_journal* journal_ = nullptr;
};

} // namespace switchyard
