#pragma once

#include "supervision/child_spec.hpp"
#include "supervision/supervision_errc.hpp"

#include "caf/fwd.hpp"
#include "caf/meta/type_name.hpp"
#include "caf/type_id.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace switchyard::supervision {

/// One row of a supervisor's status reply: the supervisor itself or one (nested) child.
struct child_status {
  /// Slash-separated path, e.g. "node/connectors/visa"; the supervisor's name prefixes its rows.
  std::string path{};
  /// One of "starting", "running", "restarting", "stopping", "stopped", "failed".
  std::string state{};
  /// How many times the supervisor restarted this child.
  std::uint32_t restarts = 0;
  /// CAF id of the current incarnation, 0 when not running.
  std::uint64_t actor_id = 0;
  /// Whether the row describes a supervisor.
  bool is_supervisor = false;

  /// Compares every field.
  friend bool operator==(const child_status&, const child_status&) = default;
};

/// Makes `child_status` serializable (CAF 0.17 inspector form).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, child_status& x) {
  return f(caf::meta::type_name("child_status"), x.path, x.state, x.restarts, x.actor_id,
           x.is_supervisor);
}

/// Registers the supervision type-ID block and the supervision error renderer with `cfg`.
void add_message_types(caf::actor_system_config& cfg);

} // namespace switchyard::supervision

CAF_BEGIN_TYPE_ID_BLOCK(supervision, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(supervision, (switchyard::supervision::child_status))
  CAF_ADD_TYPE_ID(supervision, (std::vector<switchyard::supervision::child_status>))

  /// `(status_atom) -> std::vector<child_status>`: the supervisor's row, then its children's.
  CAF_ADD_ATOM(supervision, switchyard::supervision, status_atom, "sup_status")

  /// `(whereis_atom, std::string name) -> caf::actor`: the running child called `name`.
  CAF_ADD_ATOM(supervision, switchyard::supervision, whereis_atom, "sup_where")

  /// `(start_child_atom, child_spec) -> caf::actor`: adds and starts a child (dynamic only).
  CAF_ADD_ATOM(supervision, switchyard::supervision, start_child_atom, "sup_start")

  /// `(stop_child_atom, std::string name) -> caf::ok_atom`: stops and removes a child (dynamic).
  CAF_ADD_ATOM(supervision, switchyard::supervision, stop_child_atom, "sup_stop")

  /// `(retire_child_atom, std::string name) -> caf::ok_atom`: renames a child "NAME~retiring",
  /// stops and removes it like stop_child, and answers at once, so a successor can start
  /// under NAME while the old child finishes its work (dynamic only).
  CAF_ADD_ATOM(supervision, switchyard::supervision, retire_child_atom, "sup_retire")

  /// `(ready_atom) -> caf::ok_atom`: answered once the supervisor started its initial children.
  CAF_ADD_ATOM(supervision, switchyard::supervision, ready_atom, "sup_ready")

  /// `(stop_timeout_atom, std::uint64_t token)`: internal timer of a child's shutdown timeout.
  CAF_ADD_ATOM(supervision, switchyard::supervision, stop_timeout_atom, "sup_stopto")

  /// `(retry_start_atom, std::uint64_t token)`: internal timer of the backoff after a failed
  /// restart.
  CAF_ADD_ATOM(supervision, switchyard::supervision, retry_start_atom, "sup_retry")

CAF_END_TYPE_ID_BLOCK(supervision)
