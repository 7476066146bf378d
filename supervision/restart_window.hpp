#pragma once

#include "supervision/restart_policy.hpp"

#include <chrono>
#include <cstddef>
#include <deque>

namespace switchyard::supervision {

/// Sliding window of restart times that enforces a restart intensity; no CAF, time is a parameter.
class restart_window {
public:
  /// The clock whose time points the window records.
  using clock = std::chrono::steady_clock;

  /// Creates an empty window enforcing `intensity`.
  explicit restart_window(restart_intensity intensity);

  /// Records a restart at `now` unless `max_restarts` already lie within the period ending at
  /// `now`; returns whether the restart is allowed (and was recorded).
  bool try_record(clock::time_point now);

  /// Returns how many recorded restarts lie within the period ending at `now`; a restart recorded
  /// exactly `period` before `now` no longer counts.
  std::size_t count(clock::time_point now) const;

  /// Returns the enforced intensity.
  const restart_intensity& intensity() const noexcept { return intensity_; }

  /// Forgets every recorded restart.
  void clear() noexcept { restarts_.clear(); }

private:
  bool is_inside(clock::time_point recorded, clock::time_point now) const;

  restart_intensity intensity_;
  std::deque<clock::time_point> restarts_;
};

} // namespace switchyard::supervision
