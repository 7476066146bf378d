#include "core/health_tracker.hpp"

#include <algorithm>
#include <limits>

namespace switchyard::core {

namespace {

std::uint32_t saturating_increment(std::uint32_t x) {
  return x == std::numeric_limits<std::uint32_t>::max() ? x : x + 1;
}

} // namespace

const char* to_string(health_status x) {
  return x == health_status::up ? "up" : "down";
}

const char* to_string(health_change x) {
  switch (x) {
    case health_change::none:
      return "none";
    case health_change::went_up:
      return "went_up";
    case health_change::went_down:
      return "went_down";
  }
  return "unknown";
}

health_tracker::health_tracker(std::uint32_t healthy_threshold, std::uint32_t unhealthy_threshold,
                               health_status initial)
    : healthy_threshold_(std::max<std::uint32_t>(healthy_threshold, 1)),
      unhealthy_threshold_(std::max<std::uint32_t>(unhealthy_threshold, 1)),
      status_(initial) {}

health_tracker::health_tracker(const config::health_check_settings& settings, health_status initial)
    : health_tracker(settings.healthy_threshold, settings.unhealthy_threshold, initial) {}

health_change health_tracker::record_success() {
  failures_ = 0;
  successes_ = saturating_increment(successes_);
  if (status_ == health_status::down && successes_ >= healthy_threshold_) {
    status_ = health_status::up;
    return health_change::went_up;
  }
  return health_change::none;
}

health_change health_tracker::record_failure() {
  successes_ = 0;
  failures_ = saturating_increment(failures_);
  if (status_ == health_status::up && failures_ >= unhealthy_threshold_) {
    status_ = health_status::down;
    return health_change::went_down;
  }
  return health_change::none;
}

health_change health_tracker::force(health_status status) {
  successes_ = 0;
  failures_ = 0;
  if (status == status_)
    return health_change::none;
  status_ = status;
  return status == health_status::up ? health_change::went_up : health_change::went_down;
}

} // namespace switchyard::core
