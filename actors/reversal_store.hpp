#pragma once

// Reversal advices (0420) owed to a network for requests whose outcome is unknown: a
// timed-out or cut-off 0100/0200 may have been approved upstream although the acquirer
// was told otherwise. Each advice is stored and sent again (as 0421) until a 0430
// acknowledges it. Plain class: the connector passes the time.

#include "core/time.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchyard {

class reversal_journal;

/// Returns the 0420 reversing `request` (an 0100 or 0200 as sent upstream) with field 39 =
/// `reason` and field 90 (original data elements); nothing for other MTIs.
std::optional<iso8583::message> make_reversal_advice(const iso8583::message& request,
                                                     std::string_view reason);

/// The reversal advices of one network, in flight or waiting for their next attempt.
class reversal_store {
public:
  /// Holds at most `capacity` advices; an unacknowledged one is tried again after 1 s,
  /// 2 s, 4 s ... up to a minute.
  explicit reversal_store(std::size_t capacity);

  /// Records every advice stored, acknowledged or given up from now on in `journal` (which
  /// must outlive the store); null stops that.
  void attach(reversal_journal* journal) noexcept { journal_ = journal; }

  /// Takes back advice `id` that a journal still owed (a repeat, so sent as 0421), due at
  /// `now`; false when the store is full. Ids given later are above every restored one.
  bool restore(std::uint64_t id, iso8583::message advice, core::time_point now);

  /// Stores the reversal of `request`; false when it needs none or the store is full.
  bool add(const iso8583::message& request, std::string_view reason, core::time_point now);

  /// Returns the advices due at `now` that are not in flight, oldest first.
  std::vector<std::uint64_t> due(core::time_point now) const;

  /// Returns the advice to send for `id`: 0420 the first time, 0421 after that.
  iso8583::message advice(std::uint64_t id) const;

  /// Records that advice `id` went upstream as pending ticket `ticket`.
  void sent(std::uint64_t id, std::uint64_t ticket);

  /// Settles `ticket` when it was an advice's; returns false for other tickets.
  bool acknowledge(std::uint64_t ticket);

  /// Schedules the advice of `ticket` again (no 0430 came); false for other tickets.
  bool retry_later(std::uint64_t ticket, core::time_point now);

  /// Tries advice `id` again a second later (it could not be sent now).
  void postpone(std::uint64_t id, core::time_point now);

  /// Forgets advice `id` for good (it cannot be encoded for this network); counted.
  void discard(std::uint64_t id);

  /// Returns when the next waiting advice is due.
  std::optional<core::time_point> next_due() const;

  /// Returns the number of stored advices.
  std::size_t size() const noexcept { return entries_.size(); }

  /// Returns how many advices a 0430 acknowledged, and how many were refused (store full
  /// or not encodable).
  std::uint64_t acknowledged() const noexcept { return acknowledged_; }

  std::uint64_t refused() const noexcept { return refused_; }

private:
  struct entry {
    iso8583::message advice;
    std::uint32_t attempts = 0;
    core::time_point due;
    bool in_flight = false;
  };

  std::size_t capacity_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, entry> entries_;                   // by id: oldest first
  std::unordered_map<std::uint64_t, std::uint64_t> tickets_; // pending ticket -> id
  std::uint64_t acknowledged_ = 0;
  std::uint64_t refused_ = 0;
  reversal_journal* journal_ = nullptr;
};

} // namespace switchyard
