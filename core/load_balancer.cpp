#include "core/load_balancer.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace switchyard::core {

using config::balancing_kind;

/// The hosts a choice may fall on: eligible and not excluded.
struct load_balancer::candidate_set {
  std::span<const host_view> hosts;
  std::span<const std::size_t> excluded;

  bool contains(std::size_t i) const {
    return hosts[i].eligible && std::find(excluded.begin(), excluded.end(), i) == excluded.end();
  }

  std::size_t count() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < hosts.size(); ++i)
      n += contains(i) ? 1 : 0;
    return n;
  }

  /// Returns the index of the n-th candidate, counting from zero.
  std::size_t nth(std::size_t n) const {
    for (std::size_t i = 0; i < hosts.size(); ++i)
      if (contains(i) && n-- == 0)
        return i;
    return hosts.size();
  }
};

double latency_score(duration latency, std::uint32_t pending) {
  return static_cast<double>(latency.count()) * (static_cast<double>(pending) + 1.0);
}

load_balancer::load_balancer(balancing_kind kind, unit_random random)
    : kind_(kind), random_(std::move(random)) {}

std::optional<std::size_t> load_balancer::choose(std::span<const host_view> hosts,
                                                 std::span<const std::size_t> excluded) {
  candidate_set set{hosts, excluded};
  switch (kind_) {
    case balancing_kind::round_robin:
      return choose_round_robin(set);
    case balancing_kind::weighted_round_robin:
      return choose_weighted(set);
    case balancing_kind::least_pending:
      return choose_least_pending(set);
    case balancing_kind::latency_aware:
      return choose_latency_aware(set);
  }
  return std::nullopt;
}

void load_balancer::reset() {
  next_ = 0;
  current_weights_.clear();
}

std::optional<std::size_t> load_balancer::choose_round_robin(const candidate_set& set) {
  auto n = set.hosts.size();
  for (std::size_t step = 0; step < n; ++step) {
    auto i = (next_ + step) % n;
    if (set.contains(i)) {
      next_ = (i + 1) % n;
      return i;
    }
  }
  return std::nullopt;
}

// Smooth weighted round robin as in nginx (ngx_http_upstream_get_peer): every candidate
// gains its weight, the richest wins and pays the total, which interleaves the picks.
std::optional<std::size_t> load_balancer::choose_weighted(const candidate_set& set) {
  if (current_weights_.size() != set.hosts.size())
    current_weights_.assign(set.hosts.size(), 0);
  std::optional<std::size_t> best;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < set.hosts.size(); ++i) {
    auto weight = static_cast<std::int64_t>(set.hosts[i].weight);
    if (weight == 0 || !set.contains(i))
      continue;
    current_weights_[i] += weight;
    total += weight;
    if (!best || current_weights_[i] > current_weights_[*best])
      best = i;
  }
  if (best)
    current_weights_[*best] -= total;
  return best;
}

// Power of two choices: two distinct random candidates, the one with fewer pending wins.
std::optional<std::size_t> load_balancer::choose_least_pending(const candidate_set& set) {
  auto count = set.count();
  if (count == 0)
    return std::nullopt;
  if (count == 1)
    return set.nth(0);
  auto first = scale_to_index(random_(), count);
  auto second = scale_to_index(random_(), count - 1);
  if (second >= first)
    ++second;
  auto a = set.nth(first);
  auto b = set.nth(second);
  return set.hosts[b].pending < set.hosts[a].pending ? b : a;
}

// An unknown host without pending requests is tried at once, so new or recovered hosts
// get measured; a busy unknown host is scored as the slowest known one.
std::optional<std::size_t> load_balancer::choose_latency_aware(const candidate_set& set) {
  std::optional<duration> slowest;
  for (std::size_t i = 0; i < set.hosts.size(); ++i) {
    if (!set.contains(i))
      continue;
    const auto& host = set.hosts[i];
    if (!host.latency && host.pending == 0)
      return i;
    if (host.latency && (!slowest || *host.latency > *slowest))
      slowest = host.latency;
  }
  std::optional<std::size_t> best;
  auto best_score = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < set.hosts.size(); ++i) {
    if (!set.contains(i))
      continue;
    const auto& host = set.hosts[i];
    auto latency = std::max(host.latency.value_or(slowest.value_or(duration{1})), duration{1});
    auto score = latency_score(latency, host.pending);
    if (!best || score < best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
}

} // namespace switchyard::core
