#include "supervision/status_report.hpp"
#include "supervision/supervision_errc.hpp"
#include "supervision/supervisor_actor.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <memory>
#include <utility>

namespace switchyard::supervision {

caf::behavior supervisor_actor::make_handlers() {
  caf::message_handler common{
    [this](status_atom) { return report_status(); },
    [this](whereis_atom, const std::string& child_name) { return whereis(child_name); },
    [this](ready_atom) { return answer_ready(); },
    [this](stop_timeout_atom, std::uint64_t token) {
      if (current_sender() == ctrl())
        on_stop_timeout(token);
    },
    [this](retry_start_atom, std::uint64_t token) {
      if (current_sender() == ctrl())
        on_ready(token);
    },
  };
  if (!dynamic_)
    return common;
  return caf::message_handler{
    [this](start_child_atom, child_spec& spec) { return add_child(std::move(spec)); },
    [this](stop_child_atom, const std::string& child_name) { return remove_child(child_name); },
    [this](retire_child_atom, const std::string& child_name) { return retire_child(child_name); },
  }
    .or_else(common);
}

caf::result<caf::actor> supervisor_actor::whereis(const std::string& child_name) const {
  auto index = index_of(child_name);
  if (!index || children_[*index].state != child_state::running)
    return caf::make_error(supervision_errc::no_such_child, child_name);
  return children_[*index].handle;
}

caf::response_promise supervisor_actor::add_child(child_spec spec) {
  auto promise = make_response_promise();
  if (mode_ == mode::stopping || index_of(spec.name)) {
    auto code = mode_ == mode::stopping ? supervision_errc::shutting_down
                                        : supervision_errc::duplicate_child;
    promise.deliver(caf::make_error(code, settings_.name + "/" + spec.name));
    return promise;
  }
  planner_.add_child(spec.restart);
  children_.emplace_back(std::move(spec));
  auto index = children_.size() - 1;
  if (!start_child_at(index, false)) {
    promise.deliver(caf::make_error(supervision_errc::start_failed, path_of(index)));
    remove_entry(index);
    return promise;
  }
  auto handle = children_[index].handle;
  if (!children_[index].spec.is_supervisor) {
    promise.deliver(handle);
    return promise;
  }
  // Like an ordered start: answer once the child supervisor started its own children.
  request(handle, settings_.start_timeout, ready_atom_v)
    .then([promise, handle](caf::ok_atom) mutable { promise.deliver(handle); },
          [promise, handle](caf::error&) mutable { promise.deliver(handle); });
  return promise;
}

caf::response_promise supervisor_actor::remove_child(const std::string& child_name) {
  auto promise = make_response_promise();
  auto index = index_of(child_name);
  if (!index) {
    promise.deliver(caf::make_error(supervision_errc::no_such_child, child_name));
    return promise;
  }
  stop_and_remove(*index, &promise);
  return promise;
}

caf::response_promise supervisor_actor::retire_child(const std::string& child_name) {
  auto promise = make_response_promise();
  auto index = index_of(child_name);
  if (!index) {
    promise.deliver(caf::make_error(supervision_errc::no_such_child, child_name));
    return promise;
  }
  // The name is free at once; the retiring child shows under its new name until it stopped.
  auto retired = child_name + "~retiring";
  for (int n = 2; index_of(retired); ++n)
    retired = child_name + "~retiring" + std::to_string(n);
  children_[*index].spec.name = retired;
  stop_and_remove(*index, nullptr);
  promise.deliver(caf::ok_atom_v);
  return promise;
}

void supervisor_actor::stop_and_remove(std::size_t index, caf::response_promise* waiter) {
  auto& entry = children_[index];
  entry.remove_when_stopped = true;
  if (!entry.handle) {
    if (waiter)
      waiter->deliver(caf::ok_atom_v);
    purge_removed();
    return;
  }
  if (waiter)
    entry.stop_waiters.push_back(*waiter);
  if (entry.stop_token == 0) {
    entry.state = child_state::stopping;
    begin_stop(entry);
  }
}

caf::response_promise supervisor_actor::report_status() {
  auto promise = make_response_promise();
  auto report = std::make_shared<status_report>(own_row());
  std::vector<std::pair<std::size_t, caf::actor>> nested;
  for (const auto& entry : children_) {
    if (entry.spec.is_supervisor && entry.handle)
      nested.emplace_back(report->add_nested(row_of(entry)), entry.handle);
    else
      report->add(row_of(entry));
  }
  if (nested.empty())
    promise.deliver(report->rows());
  for (auto& [slot, handle] : nested) {
    request(handle, settings_.status_timeout, status_atom_v)
      .then(
        [promise, report, slot = slot](std::vector<child_status>& rows) mutable {
          if (report->splice(slot, std::move(rows)))
            promise.deliver(report->rows());
        },
        [promise, report, slot = slot](caf::error&) mutable {
          if (report->skip(slot))
            promise.deliver(report->rows());
        });
  }
  return promise;
}

child_status supervisor_actor::own_row() const {
  static constexpr const char* mode_names[] = {"starting", "running", "restarting", "stopping"};
  return child_status{settings_.name, mode_names[static_cast<std::size_t>(mode_)], 0, id(), true};
}

child_status supervisor_actor::row_of(const child_entry& entry) const {
  return child_status{settings_.name + "/" + entry.spec.name, to_string(entry.state),
                      entry.restarts, entry.handle ? entry.handle.id() : 0,
                      entry.spec.is_supervisor};
}

std::optional<std::size_t> supervisor_actor::index_of(const caf::actor_addr& addr) const {
  auto match = [&](const child_entry& entry) {
    return entry.handle && entry.handle.address() == addr;
  };
  auto i = std::find_if(children_.begin(), children_.end(), match);
  if (i == children_.end())
    return std::nullopt;
  return static_cast<std::size_t>(i - children_.begin());
}

std::optional<std::size_t> supervisor_actor::index_of(const std::string& child_name) const {
  auto match = [&](const child_entry& entry) {
    return entry.spec.name == child_name;
  };
  auto i = std::find_if(children_.begin(), children_.end(), match);
  if (i == children_.end())
    return std::nullopt;
  return static_cast<std::size_t>(i - children_.begin());
}

} // namespace switchyard::supervision
