#pragma once

// The ISO 8583 side of a network's pending table: keys from the response MTI and the match
// fields (ISO 8583:1987 MTI and field 11 STAN, 41 TID, optionally 37 RRN), switch-assigned
// STANs when a key is taken, and the acquirer's STAN restored in the answer. The table
// itself (tickets, deadlines, tombstones) is core::pending_requests, which knows no protocol.

#include "actors/iso8583/pending_errc.hpp"
#include "core/pending_requests.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

namespace switchyard {

/// The in-flight ISO 8583 requests of one upstream network, matched to their responses by
/// response MTI and match fields.
class iso_pending {
public:
  /// What add() returns: a ticket, or the reason there is none.
  struct add_result {
    std::uint64_t ticket = 0; ///< opaque and never 0; 0 when `error` is set
    std::error_code error;    ///< why the request was refused

    /// Returns true when the request was added.
    explicit operator bool() const noexcept { return !error; }
  };

  /// A response matched to its request.
  using matched = core::pending_requests::matched;

  /// How add() treats a request whose key is taken.
  enum class key_policy : std::uint8_t {
    remap,    ///< in flight or a tombstone: send it with a switch-assigned STAN
    keep_stan ///< the same transaction again (a repeat): refused while in flight, and a
              ///< tombstone of its key is taken over
  };

  /// Says whether the request in flight as `ticket` is the very transaction being added.
  using same_transaction = bool (*)(const void* context, std::uint64_t ticket);

  /// Creates an empty table keyed by `match_fields` (e.g. 11 STAN and 41 TID, optionally 37
  /// RRN; a match field a request lacks keys as absent, except field 11); tombstones of expired
  /// keys last `tombstone_ttl`. Switch-assigned STANs are drawn in turn from
  /// `stan_low`..`stan_high` (within 1..999999).
  iso_pending(std::vector<std::uint16_t> match_fields, core::duration tombstone_ttl,
              std::uint32_t stan_low = 1, std::uint32_t stan_high = 999999);

  /// Adds `request`, sent on `link`, expiring at `deadline`. When its key is in flight or a
  /// tombstone, field 11 of `request` is replaced by a switch-assigned 6-digit STAN (see
  /// key_policy); but when `same` says the request in flight under its key is the same
  /// transaction, it fails with pending_errc::duplicate. Fails with a pending_errc and leaves
  /// `request` unchanged when it cannot be added.
  add_result add(iso8583::message& request, std::uint32_t link, core::time_point deadline,
                 key_policy policy = key_policy::remap, same_transaction same = nullptr,
                 const void* context = nullptr);

  /// Removes and returns the request `response` answers, restoring the acquirer's field 11
  /// in `response` when it was replaced; nothing for a late or unknown response (counted).
  std::optional<matched> match(iso8583::message& response);

  /// Removes the requests whose deadline is at or before `now` and returns their tickets,
  /// earliest deadline first (see core::pending_requests::expire).
  std::vector<std::uint64_t> expire(core::time_point now);

  /// Removes the requests sent on `link` and returns their tickets, earliest deadline first.
  std::vector<std::uint64_t> fail_link(std::uint32_t link);

  /// Removes the request of `ticket`, its key a tombstone; false when it is not in flight.
  bool cancel(std::uint64_t ticket);

  /// Returns the number of requests in flight.
  std::size_t size() const noexcept { return table_.size(); }

  /// Returns the number of tombstones not yet purged.
  std::size_t tombstones() const noexcept { return table_.tombstones(); }

  /// Returns how many requests got a switch-assigned STAN since construction.
  std::uint64_t remapped_count() const noexcept { return remapped_count_; }

  /// Returns how many responses matched no request in flight since construction.
  std::uint64_t late_responses() const noexcept { return table_.late_responses(); }

  /// Returns the earliest deadline of the requests in flight, or nothing when there are none.
  std::optional<core::time_point> next_deadline() const { return table_.next_deadline(); }

private:
  bool build_key(const iso8583::message& m, std::string_view mti, const std::string_view* stan);
  std::error_code assign_stan(iso8583::message& request, std::string_view mti,
                              std::string& original);
  void forget(const std::vector<std::uint64_t>& tickets);

  std::vector<std::uint16_t> match_fields_;
  std::uint32_t stan_low_;
  std::uint32_t stan_high_;
  std::uint32_t next_stan_;
  core::pending_requests table_;
  std::unordered_map<std::uint64_t, std::string> original_stans_; // of remapped requests only
  std::string key_; // built per request, kept to allocate nothing once grown
  std::uint64_t remapped_count_ = 0;
};

} // namespace switchyard
