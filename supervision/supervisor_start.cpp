#include "supervision/supervision_errc.hpp"
#include "supervision/supervisor_actor.hpp"

#include "caf/all.hpp"

#include <set>
#include <utility>

namespace switchyard::supervision {

void supervisor_actor::start_initial_children() {
  std::set<std::string> names;
  for (std::size_t i = 0; i < children_.size(); ++i) {
    if (!names.insert(children_[i].spec.name).second) {
      begin_shutdown(caf::make_error(supervision_errc::duplicate_child, path_of(i)));
      return;
    }
    pending_start_.push_back(i);
  }
  continue_start();
}

bool supervisor_actor::start_child_at(std::size_t index, bool is_restart) {
  auto& entry = children_[index];
  caf::actor handle;
  try {
    if (entry.spec.start)
      handle = entry.spec.start(*this);
  } catch (...) {
    // A throwing start function is a failed start, never an exception out of a handler.
    handle = nullptr;
  }
  if (!handle) {
    ++entry.failed_starts;
    return false;
  }
  entry.failed_starts = 0;
  monitor(handle);
  entry.handle = std::move(handle);
  entry.state = child_state::running;
  if (is_restart)
    ++entry.restarts;
  return true;
}

void supervisor_actor::continue_start() {
  if (start_token_ != 0)
    return;
  while (!pending_start_.empty()) {
    auto index = pending_start_.front();
    pending_start_.pop_front();
    if (children_[index].handle || children_[index].remove_when_stopped)
      continue;
    if (!start_child_at(index, mode_ != mode::starting)) {
      on_start_failure(index);
      return;
    }
    if (children_[index].spec.is_supervisor) {
      await_ready(index);
      return;
    }
  }
  on_start_done();
}

void supervisor_actor::await_ready(std::size_t index) {
  // A child supervisor starts its own children asynchronously; the next sibling starts only
  // after they did, so that the whole tree starts in spec order.
  auto token = ++next_token_;
  start_token_ = token;
  request(children_[index].handle, settings_.start_timeout, ready_atom_v)
    .then([this, token](caf::ok_atom) { on_ready(token); },
          [this, token](caf::error&) { on_ready(token); });
}

void supervisor_actor::on_ready(std::uint64_t token) {
  if (token != start_token_)
    return;
  start_token_ = 0;
  continue_start();
}

void supervisor_actor::on_start_failure(std::size_t index) {
  if (mode_ == mode::starting) {
    children_[index].state = child_state::failed;
    begin_shutdown(caf::make_error(supervision_errc::start_failed, path_of(index)));
    return;
  }
  // A failed restart counts as another failure; the new decision covers the children after it.
  // Its starts wait a while: what made the start fail (a port not yet released, a peer
  // restarting) rarely clears within the same millisecond, and retrying at once would only
  // use up the restart intensity.
  hold_starts(restart_delay(settings_.backoff, children_[index].failed_starts));
  handle_exit(index, exit_kind::failure);
}

void supervisor_actor::hold_starts(std::chrono::milliseconds delay) {
  auto token = ++next_token_;
  start_token_ = token;
  delayed_send(this, delay, retry_start_atom_v, token);
}

void supervisor_actor::on_start_done() {
  mode_ = mode::running;
  for (auto& waiter : ready_waiters_)
    waiter.deliver(caf::ok_atom_v);
  ready_waiters_.clear();
  drain_pending_exits();
  purge_removed();
}

caf::response_promise supervisor_actor::answer_ready() {
  auto promise = make_response_promise();
  if (mode_ == mode::starting)
    ready_waiters_.push_back(promise);
  else if (mode_ == mode::stopping)
    promise.deliver(caf::make_error(supervision_errc::shutting_down, settings_.name));
  else
    promise.deliver(caf::ok_atom_v);
  return promise;
}

} // namespace switchyard::supervision
