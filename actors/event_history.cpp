#include "actors/event_history.hpp"

#include <algorithm>

namespace switchyard {

event_history::event_history(std::size_t kept, std::size_t max_gone)
    : kept_(kept), max_gone_(max_gone) {}

void event_history::record(std::string line) {
  recent_.emplace_back(++recorded_, std::move(line));
  if (recent_.size() > kept_)
    recent_.pop_front();
}

void event_history::went_away(const std::string& watcher) {
  if (!gone_.contains(watcher)) {
    if (gone_.size() >= max_gone_) {
      gone_.erase(gone_order_.front());
      gone_order_.pop_front();
    }
    gone_order_.push_back(watcher);
  }
  gone_[watcher] = recorded_;
}

std::vector<std::string> event_history::missed_by(const std::string& watcher) {
  std::vector<std::string> missed;
  auto gone = gone_.find(watcher);
  if (gone == gone_.end())
    return missed;
  for (const auto& [seq, line] : recent_)
    if (seq > gone->second)
      missed.push_back(line);
  gone_.erase(gone);
  gone_order_.erase(std::find(gone_order_.begin(), gone_order_.end(), watcher));
  return missed;
}

} // namespace switchyard
