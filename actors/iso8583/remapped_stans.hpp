#pragma once

// The requests a network sent upstream under a switch-assigned STAN, remembered by what the
// acquirer sent (terminal, STAN, transmission time, message class) for as long as the
// acquirer may still refer to them: a repeat (0201) or a reversal (0400/0420, field 90) of
// such a request must reach the issuer with the STAN the issuer saw, and a second copy of
// one still in flight is a duplicate. Plain class: the caller passes the time.

#include "core/time.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace switchyard {

/// What the acquirer's request identifies: message class, terminal, STAN, transmission time.
struct acquirer_reference {
  std::string mti_class; ///< the first three digits of the original MTI ("020" for 0200/0201)
  std::string terminal;  ///< field 41
  std::string stan;      ///< field 11
  std::string sent_at;   ///< field 7, empty when absent

  bool operator==(const acquirer_reference&) const = default;
};

/// Returns the reference of `request` as the acquirer sent it.
acquirer_reference reference_of(const iso8583::message& request);

/// Returns the original a reversal refers to through field 90 (ISO 8583:1987: original MTI,
/// STAN, transmission date and time), with the reversal's terminal; nothing without field 90.
std::optional<acquirer_reference> original_of(const iso8583::message& reversal);

/// Switch-assigned STANs by the acquirer's reference.
class remapped_stans {
public:
  /// Remembers finished requests for `memory`, and at most `max_entries` of them (the oldest
  /// go first; evictions are counted).
  remapped_stans(core::duration memory, std::size_t max_entries);

  /// Records that the request `ref` went upstream as `upstream_stan`, in flight as `ticket`,
  /// with retrieval reference `rrn` (field 37, may be empty).
  void remember(acquirer_reference ref, std::string upstream_stan, std::string rrn,
                std::uint64_t ticket);

  /// Returns the ticket in flight for the request `ref` with retrieval reference `rrn`.
  std::optional<std::uint64_t> in_flight(const acquirer_reference& ref, std::string_view rrn) const;

  /// Returns the STAN the request `ref` went upstream with, if it was switched.
  std::optional<std::string> upstream_stan(const acquirer_reference& ref) const;

  /// Records that the request in flight as `ticket` under `ref` finished at `now`.
  void finished(const acquirer_reference& ref, std::uint64_t ticket, core::time_point now);

  /// Forgets what finished longer ago than the memory.
  void purge(core::time_point now);

  /// Returns whether nothing is remembered (the common case: no STAN was ever switched).
  bool empty() const noexcept { return entries_.empty(); }

  /// Returns how many requests are remembered, and how many were forgotten early.
  std::size_t size() const noexcept { return entries_.size(); }

  std::uint64_t evicted() const noexcept { return evicted_; }

private:
  struct entry {
    std::string upstream_stan;
    std::string rrn;
    std::uint64_t ticket = 0; // 0 once finished
    core::time_point forget_at;
  };

  struct reference_hash {
    std::size_t operator()(const acquirer_reference& r) const noexcept;
  };

  core::duration memory_;
  std::size_t max_entries_;
  std::unordered_map<acquirer_reference, entry, reference_hash> entries_;
  std::deque<std::pair<core::time_point, acquirer_reference>> finished_; // by forget time
  std::uint64_t evicted_ = 0;
};

} // namespace switchyard
