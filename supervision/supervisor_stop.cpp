#include "supervision/supervision_errc.hpp"
#include "supervision/supervisor_actor.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <chrono>

namespace switchyard::supervision {

namespace {

/// How long to wait for the down message of a killed child before giving up on it.
constexpr std::chrono::milliseconds kill_grace{1000};

} // namespace

void supervisor_actor::on_exit_request(const caf::exit_msg& msg) {
  if (!msg.reason || msg.reason == caf::exit_reason::normal)
    return;
  // Exits of linked children are handled by their down messages.
  if (index_of(msg.source))
    return;
  begin_shutdown(msg.reason);
}

void supervisor_actor::begin_shutdown(caf::error reason) {
  if (mode_ == mode::stopping)
    return;
  mode_ = mode::stopping;
  final_reason_ = std::move(reason);
  start_token_ = 0;
  pending_start_.clear();
  pending_exits_.clear();
  sequence_.clear();
  for (auto& waiter : ready_waiters_)
    waiter.deliver(caf::make_error(supervision_errc::shutting_down, settings_.name));
  ready_waiters_.clear();
  for (auto i = children_.size(); i-- > 0;) {
    auto& entry = children_[i];
    if (entry.handle) {
      entry.state = child_state::stopping;
      sequence_.push_back(i);
    } else if (entry.state == child_state::restarting) {
      entry.state = child_state::stopped;
    }
  }
  continue_sequence();
}

void supervisor_actor::begin_stop(child_entry& entry) {
  entry.stop_token = ++next_token_;
  entry.killed = entry.spec.shutdown_timeout.count() <= 0;
  send_exit(entry.handle, entry.killed ? caf::exit_reason::kill : caf::exit_reason::user_shutdown);
  auto wait = entry.killed ? kill_grace : entry.spec.shutdown_timeout;
  delayed_send(this, wait, stop_timeout_atom_v, entry.stop_token);
}

void supervisor_actor::on_stop_timeout(std::uint64_t token) {
  auto match = [token](const child_entry& entry) {
    return entry.stop_token == token;
  };
  auto i = std::find_if(children_.begin(), children_.end(), match);
  if (i == children_.end())
    return;
  if (i->killed) {
    // Killed and still no down message (e.g. an unreachable remote child): stop waiting.
    demonitor(i->handle);
    finish_stop(static_cast<std::size_t>(i - children_.begin()));
    return;
  }
  i->killed = true;
  send_exit(i->handle, caf::exit_reason::kill);
  delayed_send(this, kill_grace, stop_timeout_atom_v, token);
}

void supervisor_actor::finish_stop(std::size_t index) {
  auto& entry = children_[index];
  entry.handle = nullptr;
  entry.stop_token = 0;
  entry.killed = false;
  for (auto& waiter : entry.stop_waiters)
    waiter.deliver(caf::ok_atom_v);
  entry.stop_waiters.clear();
  auto restarting
    = mode_ == mode::restarting && !entry.remove_when_stopped && planner_.is_wanted(index);
  entry.state = restarting ? child_state::restarting : child_state::stopped;
  auto awaited = !sequence_.empty() && sequence_.front() == index;
  purge_removed();
  if (awaited)
    continue_sequence();
}

void supervisor_actor::continue_sequence() {
  while (!sequence_.empty()) {
    auto& entry = children_[sequence_.front()];
    if (!entry.handle) {
      sequence_.pop_front();
      continue;
    }
    if (entry.stop_token == 0)
      begin_stop(entry);
    return;
  }
  if (mode_ == mode::stopping)
    quit(final_reason_);
  else if (mode_ == mode::restarting)
    continue_start();
}

bool supervisor_actor::is_in_sequence(std::size_t index) const {
  return std::find(sequence_.begin(), sequence_.end(), index) != sequence_.end();
}

} // namespace switchyard::supervision
