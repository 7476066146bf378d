#pragma once

#include "config/settings.hpp"
#include "core/time.hpp"

#include <chrono>
#include <cstdint>

namespace switchyard::core {

/// Limits of a retry budget, after Finagle's RetryBudget and userver's utils::RetryBudget.
struct retry_budget_settings {
  double ratio = 0.1;                 ///< tokens each request deposits; one retry costs one
  double max_tokens = 100.0;          ///< cap on deposited tokens
  double min_retries_per_second = 10; ///< retries always allowed, whatever the traffic
  duration min_retries_window = std::chrono::seconds{10}; ///< span the minimum accrues over
};

/// Returns budget settings whose ratio is `retry.budget_ratio`, other limits at their defaults.
retry_budget_settings to_budget_settings(const config::retry_settings& retry);

/// Caps retries to a share of traffic: requests deposit tokens, retries withdraw them, and a
/// reserve refilled at min_retries_per_second (capped at one window's worth) keeps a floor.
class retry_budget {
public:
  /// Creates a budget with no deposited tokens and a full reserve at `now`.
  retry_budget(const retry_budget_settings& settings, time_point now);

  /// Deposits `ratio` tokens for one first attempt of a request.
  void record_request(time_point now);

  /// Returns whether one retry could be withdrawn at `now`.
  bool can_retry(time_point now) const;

  /// Withdraws one retry if the budget allows it; returns false (and counts it) otherwise.
  bool try_withdraw(time_point now);

  /// Returns the deposited tokens.
  double tokens() const noexcept { return tokens_; }

  /// Returns the reserve available at `now`.
  double reserve(time_point now) const;

  /// Returns how many retries try_withdraw refused.
  std::uint64_t denied_count() const noexcept { return denied_count_; }

private:
  void refill(time_point now);

  retry_budget_settings settings_;
  double reserve_cap_;
  double tokens_ = 0.0;
  double reserve_;
  time_point refilled_at_;
  std::uint64_t denied_count_ = 0;
};

} // namespace switchyard::core
