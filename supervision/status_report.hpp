#pragma once

#include "supervision/supervision_messages.hpp"

#include <cstddef>
#include <vector>

namespace switchyard::supervision {

/// Collects a supervisor's status rows while nested supervisors answer; no actor logic.
class status_report {
public:
  /// Starts a report whose first row describes the supervisor itself.
  explicit status_report(child_status own_row);

  /// Appends the row of a plain child.
  void add(child_status row);

  /// Appends the row of a child supervisor whose own rows are awaited; returns its slot.
  std::size_t add_nested(child_status row);

  /// Replaces the slot's row by the nested supervisor's rows, re-rooted under the slot's path;
  /// returns whether no nested answer is awaited any more.
  bool splice(std::size_t slot, std::vector<child_status> nested);

  /// Keeps the slot's row as it is (the nested supervisor did not answer); returns whether no
  /// nested answer is awaited any more.
  bool skip(std::size_t slot);

  /// Returns whether no nested answer is awaited.
  bool is_complete() const noexcept { return awaited_ == 0; }

  /// Returns every row, the supervisor's first, then its children in order.
  std::vector<child_status> rows() const;

private:
  bool settle(std::size_t slot);

  std::vector<std::vector<child_status>> segments_;
  std::vector<bool> awaiting_;
  std::size_t awaited_ = 0;
};

/// Re-roots `nested` (a child supervisor's reply) under `parent_row`, whose path, restart count,
/// actor id and supervisor flag win; the nested state wins while the parent sees "running".
std::vector<child_status> reroot(const child_status& parent_row, std::vector<child_status> nested);

} // namespace switchyard::supervision
