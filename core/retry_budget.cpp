#include "core/retry_budget.hpp"

#include <algorithm>

namespace switchyard::core {

namespace {

double seconds_in(duration d) {
  return std::chrono::duration<double>(d).count();
}

retry_budget_settings sanitized(retry_budget_settings x) {
  x.ratio = std::max(0.0, x.ratio);
  x.max_tokens = std::max(0.0, x.max_tokens);
  x.min_retries_per_second = std::max(0.0, x.min_retries_per_second);
  x.min_retries_window = std::max(x.min_retries_window, duration::zero());
  return x;
}

} // namespace

retry_budget_settings to_budget_settings(const config::retry_settings& retry) {
  retry_budget_settings result;
  result.ratio = retry.budget_ratio;
  return result;
}

retry_budget::retry_budget(const retry_budget_settings& settings, time_point now)
    : settings_(sanitized(settings)),
      reserve_cap_(settings_.min_retries_per_second * seconds_in(settings_.min_retries_window)),
      reserve_(reserve_cap_),
      refilled_at_(now) {}

void retry_budget::record_request(time_point now) {
  refill(now);
  tokens_ = std::min(settings_.max_tokens, tokens_ + settings_.ratio);
}

bool retry_budget::can_retry(time_point now) const {
  return tokens_ >= 1.0 || reserve(now) >= 1.0;
}

bool retry_budget::try_withdraw(time_point now) {
  refill(now);
  // Deposits go first so that the reserve stays for quiet periods.
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  if (reserve_ >= 1.0) {
    reserve_ -= 1.0;
    return true;
  }
  ++denied_count_;
  return false;
}

double retry_budget::reserve(time_point now) const {
  auto elapsed = now > refilled_at_ ? seconds_in(now - refilled_at_) : 0.0;
  return std::min(reserve_cap_, reserve_ + elapsed * settings_.min_retries_per_second);
}

void retry_budget::refill(time_point now) {
  reserve_ = reserve(now);
  refilled_at_ = std::max(refilled_at_, now);
}

} // namespace switchyard::core
