#pragma once

#include "tools/loadgen-iso8583/answer_timeline.hpp"
#include "tools/loadgen-iso8583/latency_histogram.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::loadgen {

/// Answers counted by response code (field 39), without allocating per answer.
class response_code_counts {
public:
  /// Counts one answer with `code`; codes that are not two digits or capitals count as "??".
  void record(std::string_view code) noexcept;

  /// Adds every count of `other`.
  void merge(const response_code_counts& other) noexcept;

  /// Returns the codes seen and their counts, in code order.
  std::vector<std::pair<std::string, std::uint64_t>> seen() const;

private:
  static constexpr std::size_t radix = 36;
  std::array<std::uint64_t, radix * radix + 1> counts_{};
};

/// What one connection observed; connections' stats are merged into the run's.
struct load_stats {
  using clock = std::chrono::steady_clock;

  std::uint64_t sent = 0;               ///< requests written
  std::uint64_t answered = 0;           ///< requests matched with an answer
  std::uint64_t timeouts = 0;           ///< requests unanswered within --timeout-ms
  std::uint64_t lost = 0;               ///< requests in flight when their connection broke
  std::uint64_t unsent = 0;             ///< requests of --requests never sent (connection broke)
  std::uint64_t unmatched = 0;          ///< answers matching no request in flight (late, unknown)
  std::uint64_t malformed = 0;          ///< answers that did not decode or lacked a STAN
  std::uint64_t failed_connections = 0; ///< connections that never came up
  response_code_counts codes;           ///< answers by field 39
  latency_histogram latency;            ///< send-to-answer time of every answer
  answer_timeline timeline;             ///< outcomes per time slice (--timeline-ms)
  std::optional<clock::time_point> first_sent;  ///< when the first request was written
  std::optional<clock::time_point> last_answer; ///< when the last answer arrived

  /// Adds every count of `other` and widens the time span to cover it.
  void merge(const load_stats& other);
};

/// A finished run, ready to print.
struct load_summary {
  load_stats totals;                        ///< all connections merged
  std::uint32_t connections = 0;            ///< --connections
  std::uint32_t in_flight = 0;              ///< --in-flight (total)
  std::int64_t timeline_origin_unix_ms = 0; ///< wall-clock time of the timeline's origin

  /// Returns seconds from the first request to the last answer; 0 without answers.
  double elapsed_seconds() const;

  /// Returns answers per second over elapsed_seconds(); 0 without answers.
  double throughput() const;
};

/// Renders `s` as a few human-readable lines.
std::string format_text(const load_summary& s);

/// Renders `s` as one JSON object (no newline).
std::string format_json(const load_summary& s);

/// Returns 0 when every request got an answer, else 1.
int exit_code(const load_stats& totals) noexcept;

} // namespace switchyard::loadgen
