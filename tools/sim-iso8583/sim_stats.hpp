#pragma once

#include "tools/sim-iso8583/issuer.hpp"

#include <atomic>
#include <cstdint>
#include <string>

namespace switchyard::sim {

/// Counters shared by every connection of one simulator; safe to update from any thread.
struct sim_stats {
  std::atomic<std::uint64_t> connections{0}; ///< connections accepted
  std::atomic<std::uint64_t> requests{0};    ///< frames received
  std::atomic<std::uint64_t> approved{0};    ///< answered 00
  std::atomic<std::uint64_t> declined{0};    ///< answered with a business decline
  std::atomic<std::uint64_t> errors{0};      ///< answered 96 (--error-rate)
  std::atomic<std::uint64_t> malformed{0};   ///< answered 30 format error
  std::atomic<std::uint64_t> dropped{0};     ///< never answered (--drop-rate)
  std::atomic<std::uint64_t> ignored{0};     ///< not requests, so not answered

  /// Counts one request's outcome.
  void count(issuer_outcome outcome) noexcept;
};

/// Renders `s` as "connections=N requests=N approved=N ..." for the final stats line.
std::string to_string(const sim_stats& s);

/// Writes `text` and a newline to standard error in one piece, even from several threads.
void log_line(std::string_view text);

} // namespace switchyard::sim
