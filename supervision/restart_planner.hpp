#pragma once

#include "supervision/restart_policy.hpp"
#include "supervision/restart_window.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace switchyard::supervision {

/// What a supervisor does about one child exit.
enum class decision_kind : std::uint8_t { none, restart, escalate };

/// The outcome of one child exit: children are named by their index in spec order.
struct restart_decision {
  /// Whether to do nothing, restart, or fail upward.
  decision_kind kind = decision_kind::none;
  /// Siblings to stop first, in stopping order (reverse spec order); some may already be dead.
  std::vector<std::size_t> stop;
  /// Children to start afterwards, in spec order; empty unless `kind` is `restart`.
  std::vector<std::size_t> start;
};

/// Decides restarts for an ordered list of children; plain logic, no CAF, time is a parameter.
///
/// A child is "wanted" while the supervisor means to keep it running. It stops being wanted when
/// it exits without restart, when it is a temporary sibling stopped by a group restart, or on
/// escalation. Group restarts restart only wanted children.
class restart_planner {
public:
  /// The clock of the time points passed to `on_exit`.
  using clock = std::chrono::steady_clock;

  /// Creates a planner without children.
  restart_planner(strategy strat, restart_intensity intensity);

  /// Creates a planner with `children` (restart types in spec order), all wanted.
  restart_planner(strategy strat, restart_intensity intensity, std::vector<restart_type> children);

  /// Appends a wanted child and returns its index.
  std::size_t add_child(restart_type type);

  /// Removes the child at `index`; later children move down by one.
  void remove_child(std::size_t index);

  /// Returns the number of children.
  std::size_t size() const noexcept { return children_.size(); }

  /// Returns whether the supervisor means to keep the child at `index` running.
  bool is_wanted(std::size_t index) const { return children_.at(index).wanted; }

  /// Returns the restart type of the child at `index`.
  restart_type type_of(std::size_t index) const { return children_.at(index).type; }

  /// Decides what to do when the child at `index` exited with `kind` at `now`.
  restart_decision on_exit(std::size_t index, exit_kind kind, clock::time_point now);

  /// Returns the strategy.
  strategy strat() const noexcept { return strat_; }

  /// Returns the sliding window of restarts.
  const restart_window& window() const noexcept { return window_; }

private:
  struct child {
    restart_type type;
    bool wanted;
  };

  std::vector<std::size_t> siblings_of(std::size_t index) const;

  restart_decision escalate(std::size_t index);

  strategy strat_;
  restart_window window_;
  std::vector<child> children_;
};

} // namespace switchyard::supervision
