#pragma once

#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchyard::core {

/// The requests of one upstream network in flight, by the key their response will carry
/// (built by the protocol: ISO 8583 response MTI and match fields, a JSON-RPC id), with
/// their deadlines. Keys of expired, cancelled or failed requests stay tombstones for a
/// while, so that their late responses are never taken for another request's. Knows no
/// protocol: keys are opaque bytes.
class pending_requests {
public:
  /// A request found in flight.
  struct matched {
    std::uint64_t ticket = 0; ///< the ticket add() returned
    std::uint32_t link = 0;   ///< the link the request was sent on
  };

  /// Creates an empty table whose tombstones last `tombstone_ttl`.
  explicit pending_requests(duration tombstone_ttl);

  /// Takes over the requests of `other`, which is left empty.
  pending_requests(pending_requests&& other) noexcept = default;

  /// Not copyable or assignable: entries point at keys stored in the table's own pool.
  pending_requests(const pending_requests&) = delete;
  pending_requests& operator=(const pending_requests&) = delete;
  pending_requests& operator=(pending_requests&&) = delete;

  /// Returns whether `key` is in flight or a tombstone.
  bool is_taken(std::string_view key) const;

  /// Returns the ticket in flight under `key`, if any.
  std::optional<std::uint64_t> in_flight(std::string_view key) const;

  /// Adds a request under `key` (not in flight: check with in_flight; a tombstone is taken
  /// over, its late answer answering this one), sent on `link`, expiring at `deadline`;
  /// returns its ticket (opaque, never 0).
  std::uint64_t add(std::string_view key, std::uint32_t link, time_point deadline);

  /// Removes and returns the request in flight under `key`; nothing for a late or unknown
  /// response (counted).
  std::optional<matched> match(std::string_view key);

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

  /// Counts a response that could not even be keyed (it matches nothing).
  void count_late() noexcept { ++late_responses_; }

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

  const key_string& scratch(std::string_view key) const;
  entry* find(std::uint64_t ticket);
  void remove(entry& e, std::optional<time_point> tombstone_until);
  void bury(const key_string& key, time_point until);
  void purge(time_point now);
  void drop_stale_deadlines();

  duration tombstone_ttl_;
  std::unique_ptr<std::pmr::unsynchronized_pool_resource> pool_; // keys and index nodes
  std::pmr::unordered_map<key_string, std::uint64_t> index_;
  std::pmr::unordered_map<key_string, time_point> tombstones_;
  std::vector<entry> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<deadline_mark> deadlines_;        // a min-heap; marks of removed entries are skipped
  std::vector<tombstone_mark> tombstone_marks_; // a min-heap by `until`
  mutable key_string scratch_;                  // lookups without allocating
  std::uint64_t sequence_ = 0;
  std::uint64_t late_responses_ = 0;
};

} // namespace switchyard::core
