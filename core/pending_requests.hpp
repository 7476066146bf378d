#pragma once

#include "core/pending_errc.hpp"
#include "core/time.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

namespace switchyard::core {

/// The in-flight ISO 8583 requests of one upstream network, matched to their responses by
/// response MTI and match fields. Keys of expired, cancelled or failed requests stay
/// tombstones for a while, so that their late responses are never taken for another request.
class pending_requests {
public:
  /// What add() returns: a ticket, or the reason there is none.
  struct add_result {
    std::uint64_t ticket = 0; ///< opaque and never 0; 0 when `error` is set
    std::error_code error;    ///< why the request was refused

    /// Returns true when the request was added.
    explicit operator bool() const noexcept { return !error; }
  };

  /// What match() returns for a response to a request in flight.
  struct matched {
    std::uint64_t ticket = 0; ///< the ticket add() returned
    std::uint32_t link = 0;   ///< the link the request was sent on
  };

  /// How add() treats a request whose key is taken.
  enum class key_policy : std::uint8_t {
    remap,    ///< in flight or a tombstone: send it with a switch-assigned STAN
    keep_stan ///< the same transaction again (a repeat): refused while in flight, and a
              ///< tombstone of its key is taken over
  };

  /// Creates an empty table keyed by `match_fields` (e.g. 11 STAN and 41 TID, optionally 37
  /// RRN); tombstones of expired keys last `tombstone_ttl`. Switch-assigned STANs are drawn
  /// in turn from `stan_low`..`stan_high` (within 1..999999).
  pending_requests(std::vector<std::uint16_t> match_fields, duration tombstone_ttl,
                   std::uint32_t stan_low = 1, std::uint32_t stan_high = 999999);

  /// Takes over the requests of `other`, which is left empty.
  pending_requests(pending_requests&& other) noexcept = default;

  /// Not copyable or assignable: entries point at keys stored in the table's own pool.
  pending_requests(const pending_requests&) = delete;
  pending_requests& operator=(const pending_requests&) = delete;
  pending_requests& operator=(pending_requests&&) = delete;

  /// Says whether the request in flight as `ticket` is the very transaction being added.
  using same_transaction = bool (*)(const void* context, std::uint64_t ticket);

  /// Adds `request`, sent on `link`, expiring at `deadline`. When its key is in flight or a
  /// tombstone, field 11 of `request` is replaced by a switch-assigned 6-digit STAN (see
  /// key_policy); but when `same` says the request in flight under its key is the same
  /// transaction, it fails with pending_errc::duplicate. Fails with a pending_errc and leaves
  /// `request` unchanged when it cannot be added.
  add_result add(iso8583::message& request, std::uint32_t link, time_point deadline,
                 key_policy policy = key_policy::remap, same_transaction same = nullptr,
                 const void* context = nullptr);

  /// Removes and returns the request `response` answers, restoring the acquirer's field 11
  /// in `response` when it was replaced; nothing for a late or unknown response (counted).
  std::optional<matched> match(iso8583::message& response);

  /// Removes the requests whose deadline is at or before `now` and returns their tickets,
  /// earliest deadline first; their keys stay tombstones until `now + tombstone_ttl`.
  /// Also purges the tombstones that ended at or before `now`.
  std::vector<std::uint64_t> expire(time_point now);

  /// Removes the requests sent on `link` and returns their tickets, earliest deadline first;
  /// their keys stay tombstones until their deadline plus the tombstone TTL.
  std::vector<std::uint64_t> fail_link(std::uint32_t link);

  /// Removes the request of `ticket`; its key stays a tombstone until its deadline plus the
  /// tombstone TTL. Returns false when the ticket is not in flight.
  bool cancel(std::uint64_t ticket);

  /// Returns the number of requests in flight.
  std::size_t size() const noexcept { return index_.size(); }

  /// Returns the number of tombstones not yet purged.
  std::size_t tombstones() const noexcept { return tombstones_.size(); }

  /// Returns how many requests got a switch-assigned STAN since construction.
  std::uint64_t remapped_count() const noexcept { return remapped_count_; }

  /// Returns how many responses matched no request in flight since construction.
  std::uint64_t late_responses() const noexcept { return late_responses_; }

  /// Returns the earliest deadline of the requests in flight, or nothing when there are none.
  std::optional<time_point> next_deadline() const;

private:
  using key_string = std::pmr::string;

  struct entry {
    std::uint64_t ticket = 0; // 0 while the slot is free
    std::uint64_t sequence = 0;
    std::uint32_t generation = 0; // bumped on every reuse of the slot
    std::uint32_t link = 0;
    time_point deadline{};
    const key_string* key = nullptr; // the key as stored in index_
    std::string original_stan;       // empty unless field 11 was replaced
  };

  struct deadline_mark {
    time_point when{};
    std::uint64_t sequence = 0;
    std::uint64_t ticket = 0;
  };

  struct tombstone_mark {
    time_point until{};
    const key_string* key = nullptr; // the key as stored in tombstones_
  };

  bool build_key(const iso8583::message& m, std::string_view mti, const std::string_view* stan);
  bool is_taken(const key_string& key) const;
  std::error_code assign_stan(iso8583::message& request, std::string_view mti,
                              std::string& original);
  entry* find(std::uint64_t ticket);
  void remove(entry& e, std::optional<time_point> tombstone_until);
  void bury(const key_string& key, time_point until);
  void purge(time_point now);
  void drop_stale_deadlines();

  std::vector<std::uint16_t> match_fields_;
  duration tombstone_ttl_;
  std::uint32_t stan_low_;
  std::uint32_t stan_high_;
  std::uint32_t next_stan_;
  std::unique_ptr<std::pmr::unsynchronized_pool_resource> pool_; // keys and index nodes
  std::pmr::unordered_map<key_string, std::uint64_t> index_;
  std::pmr::unordered_map<key_string, time_point> tombstones_;
  std::vector<entry> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<deadline_mark> deadlines_;        // a min-heap; marks of removed entries are skipped
  std::vector<tombstone_mark> tombstone_marks_; // a min-heap by `until`
  key_string scratch_;
  std::uint64_t sequence_ = 0;
  std::uint64_t remapped_count_ = 0;
  std::uint64_t late_responses_ = 0;
};

} // namespace switchyard::core
