#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace switchyard::supervision {

/// Which siblings a supervisor stops and restarts together with a child that must be restarted.
enum class strategy : std::uint8_t { one_for_one, one_for_all, rest_for_one };

/// When a child that exited is started again.
enum class restart_type : std::uint8_t { permanent, transient, temporary };

/// How a child ended, as far as restart decisions are concerned.
enum class exit_kind : std::uint8_t { normal, shutdown, failure };

/// At most `max_restarts` restarts within `period`; one more makes the supervisor fail upward.
struct restart_intensity {
  std::size_t max_restarts = 3;
  std::chrono::milliseconds period{5000};
};

/// The wait before retrying a child whose restart failed: `first` after one failure, doubling
/// with each further failure in a row, never more than `max`.
struct restart_backoff {
  std::chrono::milliseconds first{50};
  std::chrono::milliseconds max{2000};
};

/// Returns whether a child of type `type` that ended with `kind` must be restarted.
bool should_restart(restart_type type, exit_kind kind);

/// Returns how long to wait before the next start of a child whose last `failed_starts` starts
/// in a row failed (at least 1).
std::chrono::milliseconds restart_delay(const restart_backoff& backoff, std::size_t failed_starts);

/// Returns the lower-case name of `x`.
std::string to_string(strategy x);

/// Returns the lower-case name of `x`.
std::string to_string(restart_type x);

/// Returns the lower-case name of `x`.
std::string to_string(exit_kind x);

} // namespace switchyard::supervision
