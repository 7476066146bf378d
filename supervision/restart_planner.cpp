#include "supervision/restart_planner.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace switchyard::supervision {

restart_planner::restart_planner(strategy strat, restart_intensity intensity)
    : strat_(strat), window_(intensity) {}

restart_planner::restart_planner(strategy strat, restart_intensity intensity,
                                 std::vector<restart_type> children)
    : restart_planner(strat, intensity) {
  for (auto type : children)
    add_child(type);
}

std::size_t restart_planner::add_child(restart_type type) {
  children_.push_back(child{type, true});
  return children_.size() - 1;
}

void restart_planner::remove_child(std::size_t index) {
  if (index < children_.size())
    children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(index));
}

restart_decision restart_planner::on_exit(std::size_t index, exit_kind kind,
                                          clock::time_point now) {
  if (index >= children_.size() || !children_[index].wanted)
    return {};
  if (!should_restart(children_[index].type, kind)) {
    children_[index].wanted = false;
    return {};
  }
  if (!window_.try_record(now))
    return escalate(index);
  restart_decision result;
  result.kind = decision_kind::restart;
  auto group = siblings_of(index);
  result.stop.assign(group.rbegin(), group.rend());
  for (auto sibling : group)
    if (children_[sibling].type == restart_type::temporary)
      children_[sibling].wanted = false;
  group.push_back(index);
  std::sort(group.begin(), group.end());
  for (auto i : group)
    if (children_[i].wanted)
      result.start.push_back(i);
  return result;
}

std::vector<std::size_t> restart_planner::siblings_of(std::size_t index) const {
  std::vector<std::size_t> result;
  if (strat_ == strategy::one_for_one)
    return result;
  auto first = strat_ == strategy::one_for_all ? std::size_t{0} : index + 1;
  for (auto i = first; i < children_.size(); ++i)
    if (i != index && children_[i].wanted)
      result.push_back(i);
  return result;
}

restart_decision restart_planner::escalate(std::size_t index) {
  restart_decision result;
  result.kind = decision_kind::escalate;
  for (auto i = children_.size(); i-- > 0;)
    if (i != index && children_[i].wanted)
      result.stop.push_back(i);
  for (auto& c : children_)
    c.wanted = false;
  return result;
}

} // namespace switchyard::supervision
