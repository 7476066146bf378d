#include "supervision/restart_window.hpp"

#include <algorithm>

namespace switchyard::supervision {

restart_window::restart_window(restart_intensity intensity) : intensity_(intensity) {}

bool restart_window::try_record(clock::time_point now) {
  while (!restarts_.empty() && !is_inside(restarts_.front(), now))
    restarts_.pop_front();
  if (restarts_.size() >= intensity_.max_restarts)
    return false;
  restarts_.push_back(now);
  return true;
}

std::size_t restart_window::count(clock::time_point now) const {
  auto inside = [&](clock::time_point t) {
    return is_inside(t, now);
  };
  return static_cast<std::size_t>(std::count_if(restarts_.begin(), restarts_.end(), inside));
}

bool restart_window::is_inside(clock::time_point recorded, clock::time_point now) const {
  return now - recorded < intensity_.period;
}

} // namespace switchyard::supervision
