#include "supervision/supervisor_actor.hpp"

#include "supervision/supervision_errc.hpp"

#include "caf/all.hpp"

#include <chrono>
#include <cstddef>
#include <utility>

namespace switchyard::supervision {

namespace {

exit_kind classify(const caf::error& reason) {
  if (!reason || reason == caf::exit_reason::normal)
    return exit_kind::normal;
  if (reason == caf::exit_reason::user_shutdown)
    return exit_kind::shutdown;
  return exit_kind::failure;
}

} // namespace

std::string to_string(child_state x) {
  switch (x) {
    case child_state::running:
      return "running";
    case child_state::restarting:
      return "restarting";
    case child_state::stopping:
      return "stopping";
    case child_state::stopped:
      return "stopped";
    case child_state::failed:
      return "failed";
  }
  return "unknown";
}

supervisor_actor::supervisor_actor(caf::actor_config& cfg, supervisor_settings settings,
                                   std::vector<child_spec> children, bool dynamic)
    : caf::event_based_actor(cfg),
      settings_(std::move(settings)),
      dynamic_(dynamic),
      planner_(dynamic ? strategy::one_for_one : settings_.strat, settings_.intensity) {
  if (dynamic_)
    settings_.strat = strategy::one_for_one;
  for (auto& spec : children) {
    planner_.add_child(spec.restart);
    children_.emplace_back(std::move(spec));
  }
}

caf::behavior supervisor_actor::make_behavior() {
  set_down_handler([this](caf::down_msg& msg) { on_down(msg); });
  set_exit_handler([this](caf::exit_msg& msg) { on_exit_request(msg); });
  start_initial_children();
  return make_handlers();
}

const char* supervisor_actor::name() const {
  return settings_.name.c_str();
}

void supervisor_actor::on_exit() {
  // Only reached with live children when the supervisor did not stop them itself (e.g. it was
  // killed): they must not outlive it.
  for (auto& entry : children_) {
    if (entry.handle)
      caf::anon_send_exit(entry.handle, caf::exit_reason::kill);
    for (auto& waiter : entry.stop_waiters)
      waiter.deliver(caf::make_error(supervision_errc::shutting_down, entry.spec.name));
    entry.stop_waiters.clear();
  }
}

void supervisor_actor::on_down(const caf::down_msg& msg) {
  auto index = index_of(msg.source);
  if (!index)
    return;
  if (children_[*index].stop_token != 0) {
    finish_stop(*index);
    return;
  }
  children_[*index].handle = nullptr;
  on_unexpected_exit(*index, classify(msg.reason));
}

void supervisor_actor::on_unexpected_exit(std::size_t index, exit_kind kind) {
  auto& entry = children_[index];
  if (mode_ == mode::running) {
    handle_exit(index, kind);
    return;
  }
  if (mode_ == mode::stopping || is_in_sequence(index)) {
    // The child was about to be stopped anyway: nothing to decide.
    auto failed = kind == exit_kind::failure && mode_ == mode::stopping;
    auto wanted = mode_ != mode::stopping && planner_.is_wanted(index);
    entry.state = failed   ? child_state::failed
                  : wanted ? child_state::restarting
                           : child_state::stopped;
    continue_sequence();
    return;
  }
  // A start or restart is under way: decide about this exit once it completed.
  entry.state = child_state::restarting;
  pending_exits_.push_back(pending_exit{index, kind});
}

void supervisor_actor::handle_exit(std::size_t index, exit_kind kind) {
  apply(index, kind, planner_.on_exit(index, kind, std::chrono::steady_clock::now()));
}

void supervisor_actor::apply(std::size_t index, exit_kind kind, restart_decision decision) {
  auto& entry = children_[index];
  switch (decision.kind) {
    case decision_kind::none:
      entry.state = kind == exit_kind::failure ? child_state::failed : child_state::stopped;
      entry.remove_when_stopped = dynamic_;
      purge_removed();
      return;
    case decision_kind::escalate:
      entry.state = child_state::failed;
      begin_shutdown(intensity_error(index));
      return;
    case decision_kind::restart:
      entry.state = child_state::restarting;
      for (auto i : decision.stop)
        if (children_[i].handle)
          children_[i].state = child_state::restarting;
      mode_ = mode::restarting;
      sequence_.assign(decision.stop.begin(), decision.stop.end());
      pending_start_.assign(decision.start.begin(), decision.start.end());
      continue_sequence();
      return;
  }
}

void supervisor_actor::drain_pending_exits() {
  while (mode_ == mode::running && !pending_exits_.empty()) {
    auto event = pending_exits_.front();
    pending_exits_.pop_front();
    if (!children_[event.index].handle)
      handle_exit(event.index, event.kind);
  }
}

void supervisor_actor::purge_removed() {
  // Sequences and pending exits hold indices: erase entries only when none exist.
  if (mode_ != mode::running || !pending_exits_.empty())
    return;
  for (auto i = children_.size(); i-- > 0;)
    if (children_[i].remove_when_stopped && !children_[i].handle)
      remove_entry(i);
}

void supervisor_actor::remove_entry(std::size_t index) {
  children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(index));
  planner_.remove_child(index);
}

std::string supervisor_actor::path_of(std::size_t index) const {
  return settings_.name + "/" + children_[index].spec.name;
}

caf::error supervisor_actor::intensity_error(std::size_t index) const {
  const auto& intensity = settings_.intensity;
  return caf::make_error(supervision_errc::restart_intensity_exceeded,
                         path_of(index) + " exited after " + std::to_string(intensity.max_restarts)
                           + " restarts within " + std::to_string(intensity.period.count()) + "ms");
}

} // namespace switchyard::supervision
