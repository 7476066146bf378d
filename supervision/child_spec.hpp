#pragma once

#include "supervision/restart_policy.hpp"

#include "caf/actor.hpp"
#include "caf/allowed_unsafe_message_type.hpp"
#include "caf/fwd.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace switchyard::supervision {

/// How to start one child: called on the supervisor's thread with the supervisor as parent; an
/// invalid handle or an exception means the start failed.
using start_function = std::function<caf::actor(caf::local_actor& supervisor)>;

/// How to start, restart and stop one child.
struct child_spec {
  /// Name, unique among the supervisor's children; the last segment of the child's status path.
  std::string name{};
  /// Spawns the child.
  start_function start{};
  /// When the child is restarted after it exited.
  restart_type restart = restart_type::permanent;
  /// How long the child may take to stop after `user_shutdown` before it is killed (0: kill).
  std::chrono::milliseconds shutdown_timeout{2000};
  /// Whether the child is itself a supervisor, whose status rows are spliced into ours.
  bool is_supervisor = false;
};

/// How a supervisor behaves.
struct supervisor_settings {
  /// Name of the supervisor; the first segment of every status path it reports.
  std::string name{};
  /// Which siblings restart together (dynamic supervisors always use one_for_one).
  strategy strat = strategy::one_for_one;
  /// Restart budget; exceeding it makes the supervisor stop its children and fail.
  restart_intensity intensity{};
  /// How long the supervisor waits for a child supervisor's status rows.
  std::chrono::milliseconds status_timeout{1000};
  /// How long the supervisor waits for a child supervisor to start its own children before it
  /// starts the next child anyway.
  std::chrono::milliseconds start_timeout{5000};
  /// How long a child whose restart failed waits before the next attempt; doubles with each
  /// further failure in a row, up to `max_restart_backoff`.
  restart_backoff backoff{};
};

} // namespace switchyard::supervision

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(switchyard::supervision::child_spec)
