#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace switchyard::loadgen {

/// The requests one connection has in flight, found by STAN (field 11) in constant time.
/// Each of `capacity` slots owns the STANs slot + 1 + k * capacity and moves to the next one
/// on every use, so a late answer to an earlier use of the slot does not match.
class pending_table {
public:
  /// The clock of send times.
  using clock = std::chrono::steady_clock;

  /// A request in flight: when it was sent and the sequence number it was given.
  struct request {
    clock::time_point sent; ///< when it was sent
    std::uint64_t sequence; ///< the caller's number for it (it names the request's RRN)
  };

  /// Creates a table for `capacity` (1..999999) requests in flight.
  explicit pending_table(std::uint32_t capacity);

  /// Returns the number of requests in flight.
  std::uint32_t in_flight() const noexcept { return in_flight_; }

  /// Returns true when no more requests may be sent.
  bool full() const noexcept { return free_.empty(); }

  /// Records request `sequence` sent at `sent` and returns its STAN (1..999999); the table
  /// must not be full.
  std::uint32_t acquire(clock::time_point sent, std::uint64_t sequence = 0);

  /// Ends the request with `stan` and returns it; nothing when no request with that STAN is
  /// in flight.
  std::optional<request> release(std::uint32_t stan);

  /// Ends every request sent before `cutoff`; returns their sequence numbers.
  std::vector<std::uint64_t> expire(clock::time_point cutoff);

  /// Ends every request; returns the sequence numbers of those that were in flight.
  std::vector<std::uint64_t> clear();

private:
  struct slot {
    clock::time_point sent;
    std::uint64_t sequence = 0;
    std::uint32_t generation = 0;
    bool busy = false;
  };

  std::uint32_t stan_of(std::uint32_t index) const noexcept;
  void free_slot(std::uint32_t index);

  std::vector<slot> slots_;
  std::vector<std::uint32_t> free_;
  std::uint32_t generations_;
  std::uint32_t in_flight_ = 0;
};

} // namespace switchyard::loadgen
