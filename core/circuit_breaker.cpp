#include "core/circuit_breaker.hpp"

#include <algorithm>
#include <chrono>

namespace switchyard::core {

const char* to_string(breaker_state x) {
  switch (x) {
    case breaker_state::closed:
      return "closed";
    case breaker_state::open:
      return "open";
    case breaker_state::half_open:
      return "half_open";
  }
  return "unknown";
}

circuit_breaker::circuit_breaker(const config::breaker_settings& settings)
    : failure_threshold_(settings.failure_threshold),
      failure_rate_(settings.failure_rate),
      // A window holds at most window_size outcomes, so a larger minimum could never be met.
      minimum_requests_(std::min<std::size_t>(settings.minimum_requests, settings.window_size)),
      recovery_timeout_(std::chrono::milliseconds{settings.recovery_timeout_ms}),
      half_open_successes_(std::max<std::uint32_t>(settings.half_open_successes, 1)),
      window_(settings.window_size, false) {}

breaker_state circuit_breaker::state(time_point now) const {
  if (state_ == breaker_state::open && now >= opened_at_ + recovery_timeout_)
    return breaker_state::half_open;
  return state_;
}

bool circuit_breaker::is_available(time_point now) const {
  switch (state(now)) {
    case breaker_state::closed:
      return true;
    case breaker_state::open:
      return false;
    case breaker_state::half_open:
      // An open breaker whose timeout just elapsed has no trials in flight yet.
      return state_ == breaker_state::open || trials_in_flight_ < half_open_successes_;
  }
  return false;
}

bool circuit_breaker::allow_request(time_point now) {
  advance(now);
  if (state_ == breaker_state::closed)
    return true;
  if (state_ == breaker_state::half_open && trials_in_flight_ < half_open_successes_) {
    ++trials_in_flight_;
    return true;
  }
  ++rejected_count_;
  return false;
}

void circuit_breaker::record_success(time_point now) {
  advance(now);
  switch (state_) {
    case breaker_state::closed:
      consecutive_failures_ = 0;
      push_outcome(false);
      break;
    case breaker_state::half_open:
      record_cancelled();
      if (++trial_successes_ >= half_open_successes_)
        transition(breaker_state::closed, now);
      break;
    case breaker_state::open:
      // A late answer to a request admitted before the breaker opened proves nothing.
      break;
  }
}

void circuit_breaker::record_failure(time_point now) {
  advance(now);
  switch (state_) {
    case breaker_state::closed:
      ++consecutive_failures_;
      push_outcome(true);
      if (should_open())
        transition(breaker_state::open, now);
      break;
    case breaker_state::half_open:
      transition(breaker_state::open, now);
      break;
    case breaker_state::open:
      break;
  }
}

void circuit_breaker::record_cancelled() {
  if (trials_in_flight_ > 0)
    --trials_in_flight_;
}

void circuit_breaker::reset(time_point now) {
  if (state_ != breaker_state::closed)
    transition(breaker_state::closed, now);
  else
    clear_window();
}

void circuit_breaker::advance(time_point now) {
  if (state_ == breaker_state::open && now >= opened_at_ + recovery_timeout_)
    transition(breaker_state::half_open, now);
}

void circuit_breaker::transition(breaker_state to, time_point now) {
  auto from = state_;
  state_ = to;
  trials_in_flight_ = 0;
  trial_successes_ = 0;
  clear_window();
  if (to == breaker_state::open) {
    opened_at_ = now;
    ++opened_count_;
  }
  if (listener_)
    listener_(from, to, now);
}

void circuit_breaker::push_outcome(bool failed) {
  if (window_.empty())
    return;
  if (window_count_ == window_.size()) {
    if (window_[window_next_])
      --window_failures_;
  } else {
    ++window_count_;
  }
  window_[window_next_] = failed;
  if (failed)
    ++window_failures_;
  window_next_ = (window_next_ + 1) % window_.size();
}

void circuit_breaker::clear_window() {
  std::fill(window_.begin(), window_.end(), false);
  window_next_ = 0;
  window_count_ = 0;
  window_failures_ = 0;
  consecutive_failures_ = 0;
}

bool circuit_breaker::should_open() const {
  if (failure_threshold_ > 0 && consecutive_failures_ >= failure_threshold_)
    return true;
  if (failure_rate_ <= 0.0 || window_count_ == 0 || window_count_ < minimum_requests_)
    return false;
  auto rate = static_cast<double>(window_failures_) / static_cast<double>(window_count_);
  return rate >= failure_rate_;
}

} // namespace switchyard::core
