#pragma once

// Repeated warnings from one source, rate-limited: a flood of garbage frames, refused
// connections or failing provider answers becomes at most a few lines per interval and kind,
// then one line "suppressed K similar lines" once the interval is over, instead of a line
// per event.

#include "actors/io/log.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchyard {

/// Lets `burst` lines per key through per interval and counts those it holds back; the count
/// goes out as a line of its own when the interval is over (thread-safe).
class log_limiter {
public:
  using clock = std::chrono::steady_clock;

  /// Who writes the "suppressed" line of an interval that has ended.
  enum class summaries : std::uint8_t {
    background, ///< a process-wide thread, within a fraction of the interval
    on_demand   ///< the next admit() of the key, or flush(): for tests with their own clock
  };

  /// What an admitted line owes first: the count held back in the key's previous interval.
  struct verdict {
    bool write = false;           ///< whether this line may go out
    std::uint64_t suppressed = 0; ///< held back in the interval just ended (a line to write)
  };

  /// A "suppressed K similar lines" line due.
  struct summary {
    log_level level = log_level::warn;
    std::string component;
    std::string network;
    std::string key;
    std::uint64_t suppressed = 0;
  };

  explicit log_limiter(std::chrono::milliseconds interval = std::chrono::seconds(1),
                       std::uint32_t burst = 1, summaries who = summaries::background);

  ~log_limiter();

  log_limiter(const log_limiter&) = delete;
  log_limiter& operator=(const log_limiter&) = delete;

  /// Decides about a line of `key` at `now`; `level`, `component` and `network` say where
  /// the summary line of a held-back stretch goes.
  verdict admit(std::string_view key, clock::time_point now = clock::now(),
                log_level level = log_level::warn, std::string_view component = {},
                std::string_view network = {});

  /// Returns the summaries of every key whose interval ended by `now` with lines held back,
  /// and forgets keys that have been quiet for a whole interval.
  std::vector<summary> flush(clock::time_point now = clock::now());

private:
  struct state {
    clock::time_point window_start;
    std::uint32_t passed = 0;
    std::uint64_t held = 0;
    log_level level = log_level::warn;
    std::string component;
    std::string network;
  };

  std::chrono::milliseconds interval_;
  std::uint32_t burst_;
  bool background_;
  std::mutex mutex_;
  std::unordered_map<std::string, state> keys_;
};

/// Writes a "suppressed K similar lines" line for `s`.
void log_summary(const log_limiter::summary& s);

/// Writes `text` from `component` with `fields` unless `limits` holds lines of `key` back
/// just now; the line carries `reason=key`. Cheap when `level` is off: nothing is counted.
void log_limited(log_limiter& limits, log_level level, std::string_view component,
                 std::string_view key, const log_fields& fields, std::string_view text);

/// As above, without fields beyond the reason.
void log_limited(log_limiter& limits, log_level level, std::string_view component,
                 std::string_view key, std::string_view text);

} // namespace switchyard
