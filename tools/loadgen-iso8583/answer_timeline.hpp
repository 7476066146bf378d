#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace switchyard::loadgen {

/// Outcomes of a run counted per time slice (approved "00", any other code, unanswered), so
/// that a benchmark sees when traffic failed and when it flowed again (a failover) without a
/// line per request.
class answer_timeline {
public:
  using clock = std::chrono::steady_clock;

  /// Slices beyond this many are not counted: bounds memory whatever the run's length.
  static constexpr std::size_t max_slices = std::size_t{1} << 20;

  /// Starts counting in slices of `width` from `origin`; until then nothing is recorded.
  void start(clock::time_point origin, std::chrono::milliseconds width);

  /// Returns whether start() was called with a positive width.
  bool is_enabled() const noexcept { return width_.count() > 0; }

  /// Counts one answer arriving at `at`, approved when its field 39 was "00".
  void record_answer(clock::time_point at, bool approved);

  /// Counts `count` requests given up at `at` (timed out, or lost with their connection).
  void record_unanswered(clock::time_point at, std::uint64_t count);

  /// Adds every slice of `other`, which must have the same origin and width.
  void merge(const answer_timeline& other);

  /// Renders {"origin_unix_ms":…,"slice_ms":…,"approved":[…],"other":[…],"unanswered":[…]},
  /// `origin_unix_ms` being the wall-clock time of the origin.
  std::string to_json(std::int64_t origin_unix_ms) const;

private:
  struct slice {
    std::uint64_t approved = 0;
    std::uint64_t other = 0;
    std::uint64_t unanswered = 0;
  };

  slice* slice_at(clock::time_point at);

  clock::time_point origin_{};
  std::chrono::milliseconds width_{0};
  std::vector<slice> slices_;
};

} // namespace switchyard::loadgen
