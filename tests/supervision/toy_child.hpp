#pragma once

#include "supervision/supervisor.hpp"

#include "caf/all.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace switchyard::supervision::test {

/// Reported by a toy spec's start function: `(started_atom, name)`.
using started_atom = caf::atom_constant<caf::atom("t_started")>;

/// Reported by a toy child when it receives an exit message: `(stopping_atom, name)`.
using stopping_atom = caf::atom_constant<caf::atom("t_stopping")>;

/// Makes a toy child quit with an error.
using fail_atom = caf::atom_constant<caf::atom("t_fail")>;

/// Makes a toy child throw from its handler.
using throw_atom = caf::atom_constant<caf::atom("t_throw")>;

/// Makes a toy child quit normally.
using finish_atom = caf::atom_constant<caf::atom("t_finish")>;

/// How a toy child reacts to exit messages (it cannot ignore `exit_reason::kill`).
enum class on_exit_msg { comply, ignore };

/// Actor system configuration of the tests: two scheduler threads, supervision types registered.
struct test_config : caf::actor_system_config {
  /// Applies the test settings.
  test_config();
};

/// An actor system plus a scoped actor that observes toy children and supervisors.
struct fixture {
  /// Configuration of `sys`.
  test_config cfg;
  /// The actor system of one test case.
  caf::actor_system sys{cfg};
  /// Observer: receives toy events and down messages, sends requests.
  caf::scoped_actor self{sys};

  /// Returns the observer as a handle children can report to.
  caf::actor observer() const { return caf::actor_cast<caf::actor>(self); }
};

/// Returns a spec whose start function reports `(started_atom, name)` and spawns a toy child.
child_spec toy_spec(std::string name, caf::actor observer,
                    restart_type restart = restart_type::permanent,
                    on_exit_msg reaction = on_exit_msg::comply,
                    std::chrono::milliseconds shutdown_timeout = std::chrono::milliseconds{2000});

/// Returns the next toy event as "started:<name>" or "stopping:<name>", or "timeout".
std::string next_event(caf::scoped_actor& self,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds{2000});

/// Returns the next `n` toy events (see `next_event`).
std::vector<std::string> next_events(caf::scoped_actor& self, std::size_t n);

/// Waits for the next down message; returns it, or one with `sec::request_timeout` as reason.
caf::down_msg await_down(caf::scoped_actor& self,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds{3000});

/// Asks `sup` for its status rows; empty if it does not answer.
std::vector<child_status> status_of(caf::scoped_actor& self, const caf::actor& sup);

/// Asks `sup` for its status rows until `done(rows)` holds or 2 s passed; returns the last rows.
/// For states that follow a message the test cannot await (the supervisor's own down message).
std::vector<child_status>
status_when(caf::scoped_actor& self, const caf::actor& sup,
            const std::function<bool(const std::vector<child_status>&)>& done);

/// Returns the row with `path`, or a row whose state is "absent".
child_status row_at(const std::vector<child_status>& rows, const std::string& path);

/// Asks `sup` for the current handle of its child `name`.
caf::expected<caf::actor> whereis(caf::scoped_actor& self, const caf::actor& sup,
                                  const std::string& name);

/// Sends `user_shutdown` to the monitored `sup` and returns the reason of its down message.
caf::error shut_down(caf::scoped_actor& self, const caf::actor& sup);

} // namespace switchyard::supervision::test
