#pragma once

#include "supervision/child_spec.hpp"
#include "supervision/restart_planner.hpp"
#include "supervision/supervision_messages.hpp"

#include "caf/event_based_actor.hpp"
#include "caf/response_promise.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace switchyard::supervision {

/// Lifecycle state of one supervised child, as shown in status rows.
enum class child_state : std::uint8_t { running, restarting, stopping, stopped, failed };

/// Returns the status text of `x` ("running", "restarting", ...).
std::string to_string(child_state x);

/// One supervised child: its spec, its current incarnation and its bookkeeping.
struct child_entry {
  /// Creates the entry of a child that is not started yet.
  explicit child_entry(child_spec child) : spec(std::move(child)) {}

  /// How to start and stop the child.
  child_spec spec;
  /// The current incarnation; invalid while not running.
  caf::actor handle;
  /// Lifecycle state for status rows.
  child_state state = child_state::stopped;
  /// How many times the child was restarted.
  std::uint32_t restarts = 0;
  /// How many starts of the child failed in a row; sets the backoff before the next one.
  std::uint32_t failed_starts = 0;
  /// Non-zero while a stop is under way; identifies its timers.
  std::uint64_t stop_token = 0;
  /// Whether the stop under way already escalated to `exit_reason::kill`.
  bool killed = false;
  /// Whether the entry goes away once stopped (dynamic `stop_child`).
  bool remove_when_stopped = false;
  /// Requesters of `stop_child` waiting for the stop to complete.
  std::vector<caf::response_promise> stop_waiters;
};

/// Supervisor actor: spawns and monitors children and applies `restart_planner` decisions.
class supervisor_actor : public caf::event_based_actor {
public:
  /// Creates a supervisor; `dynamic` enables start_child/stop_child and forces one_for_one.
  supervisor_actor(caf::actor_config& cfg, supervisor_settings settings,
                   std::vector<child_spec> children, bool dynamic);

  /// Starts the children in order and returns the message handlers.
  caf::behavior make_behavior() override;

  /// Returns the supervisor's name.
  const char* name() const override;

protected:
  /// Kills children still alive when the supervisor ends abruptly (e.g. killed itself).
  void on_exit() override;

private:
  enum class mode : std::uint8_t { starting, running, restarting, stopping };

  struct pending_exit {
    std::size_t index;
    exit_kind kind;
  };

  // supervisor_actor.cpp: exits of children and restart decisions
  void on_down(const caf::down_msg& msg);
  void on_unexpected_exit(std::size_t index, exit_kind kind);
  void handle_exit(std::size_t index, exit_kind kind);
  void apply(std::size_t index, exit_kind kind, restart_decision decision);
  void drain_pending_exits();
  void purge_removed();
  void remove_entry(std::size_t index);
  std::string path_of(std::size_t index) const;
  caf::error intensity_error(std::size_t index) const;

  // supervisor_start.cpp: ordered start sequences
  void start_initial_children();
  bool start_child_at(std::size_t index, bool is_restart);
  void continue_start();
  void await_ready(std::size_t index);
  void on_ready(std::uint64_t token);
  void on_start_failure(std::size_t index);
  void hold_starts(std::chrono::milliseconds delay);
  void on_start_done();
  caf::response_promise answer_ready();

  // supervisor_stop.cpp: stopping one child, stop sequences and shutdown
  void on_exit_request(const caf::exit_msg& msg);
  void begin_shutdown(caf::error reason);
  void begin_stop(child_entry& entry);
  void on_stop_timeout(std::uint64_t token);
  void finish_stop(std::size_t index);
  void continue_sequence();
  bool is_in_sequence(std::size_t index) const;

  // supervisor_handlers.cpp: request handlers
  caf::behavior make_handlers();
  caf::result<caf::actor> whereis(const std::string& child_name) const;
  caf::response_promise add_child(child_spec spec);
  caf::response_promise remove_child(const std::string& child_name);
  caf::response_promise retire_child(const std::string& child_name);
  void stop_and_remove(std::size_t index, caf::response_promise* waiter);
  caf::response_promise report_status();
  child_status own_row() const;
  child_status row_of(const child_entry& entry) const;
  std::optional<std::size_t> index_of(const caf::actor_addr& addr) const;
  std::optional<std::size_t> index_of(const std::string& child_name) const;

  supervisor_settings settings_;
  bool dynamic_;
  restart_planner planner_;
  std::vector<child_entry> children_;
  mode mode_ = mode::starting;
  caf::error final_reason_;
  // Children still to stop (front: the one being stopped), then children still to start.
  std::deque<std::size_t> sequence_;
  std::deque<std::size_t> pending_start_;
  // Exits that happened while a restart was under way, decided once it completed.
  std::deque<pending_exit> pending_exits_;
  std::vector<caf::response_promise> ready_waiters_;
  std::uint64_t start_token_ = 0;
  std::uint64_t next_token_ = 0;
};

} // namespace switchyard::supervision
