#pragma once

// Repeated warnings from one source, rate-limited: a flood of garbage frames, refused
// connections or failing provider answers becomes one line a second per kind, each saying
// how many it stands for, instead of a line per event.

#include "actors/io/log.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace switchyard {

/// Lets one line per key through per interval and counts those it holds back (thread-safe).
class log_limiter {
public:
  using clock = std::chrono::steady_clock;

  explicit log_limiter(std::chrono::milliseconds interval = std::chrono::seconds(1))
      : interval_(interval) {}

  /// Returns whether a line of `key` may be written at `now`: then the suffix to append to
  /// it (" (N more since the last line)", or empty when none was held back); nothing when the
  /// line is held back and counted.
  std::optional<std::string> admit(std::string_view key, clock::time_point now = clock::now());

private:
  struct state {
    clock::time_point last;
    std::uint64_t held = 0;
  };

  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::unordered_map<std::string, state> keys_;
};

/// Writes `text` from `component` unless `limits` holds lines of `key` back just now.
void log_limited(log_limiter& limits, log_level level, std::string_view component,
                 std::string_view key, std::string_view text);

} // namespace switchyard
