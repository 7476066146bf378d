#include "supervision/status_report.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace switchyard::supervision {

namespace {

/// Returns `path` below `root` with its leading slash ("/visa" for "connectors/visa"), or
/// "/" + `path` when `path` does not lie below `root`.
std::string relative_path(std::string_view root, std::string_view path) {
  auto rest = path.substr(std::min(root.size(), path.size()));
  if (path.starts_with(root) && rest.starts_with('/'))
    return std::string(rest);
  std::string result;
  result.reserve(path.size() + 1);
  result.push_back('/');
  result.append(path);
  return result;
}

} // namespace

status_report::status_report(child_status own_row) {
  add(std::move(own_row));
}

void status_report::add(child_status row) {
  segments_.push_back({std::move(row)});
  awaiting_.push_back(false);
}

std::size_t status_report::add_nested(child_status row) {
  add(std::move(row));
  awaiting_.back() = true;
  ++awaited_;
  return segments_.size() - 1;
}

bool status_report::splice(std::size_t slot, std::vector<child_status> nested) {
  if (slot < segments_.size() && awaiting_[slot])
    segments_[slot] = reroot(segments_[slot].front(), std::move(nested));
  return settle(slot);
}

bool status_report::skip(std::size_t slot) {
  return settle(slot);
}

std::vector<child_status> status_report::rows() const {
  std::vector<child_status> result;
  for (const auto& segment : segments_)
    result.insert(result.end(), segment.begin(), segment.end());
  return result;
}

bool status_report::settle(std::size_t slot) {
  if (slot < awaiting_.size() && awaiting_[slot]) {
    awaiting_[slot] = false;
    --awaited_;
  }
  return is_complete();
}

std::vector<child_status> reroot(const child_status& parent_row, std::vector<child_status> nested) {
  if (nested.empty())
    return {parent_row};
  auto nested_root = std::move(nested.front().path);
  auto own_state = std::move(nested.front().state);
  nested.front() = parent_row;
  if (parent_row.state == "running" && !own_state.empty())
    nested.front().state = std::move(own_state);
  for (auto i = std::size_t{1}; i < nested.size(); ++i)
    nested[i].path = parent_row.path + relative_path(nested_root, nested[i].path);
  return nested;
}

} // namespace switchyard::supervision
