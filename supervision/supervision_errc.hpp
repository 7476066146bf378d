#pragma once

#include "caf/atom.hpp"
#include "caf/error.hpp"
#include "caf/make_message.hpp"
#include "caf/message.hpp"

#include <cstdint>
#include <string>

namespace switchyard::supervision {

/// Errors a supervisor reports, as replies or as its own exit reason.
enum class supervision_errc : std::uint8_t {
  /// More restarts than the intensity allows: the supervisor stopped its children and quit.
  restart_intensity_exceeded = 1,
  /// No child of that name, or the child is not running.
  no_such_child,
  /// A child of that name already exists.
  duplicate_child,
  /// A start function threw or returned an invalid handle.
  start_failed,
  /// The supervisor is shutting down and accepts no new children.
  shutting_down,
};

/// The CAF error category of `supervision_errc` (same text as in `CAF_ERROR_CODE_ENUM` below).
inline constexpr caf::atom_value supervision_error_category = caf::atom("supervisor");

/// Returns the enumerator name of `x`.
std::string to_string(supervision_errc x);

/// Returns `sys.render`-style text for a supervision error code and its context.
std::string render_supervision_error(std::uint8_t code, const caf::message& context);

} // namespace switchyard::supervision

CAF_ERROR_CODE_ENUM(switchyard::supervision::supervision_errc, "supervisor")
