#include "actors/io/network_tally.hpp"

namespace switchyard {

namespace {

using counter = std::atomic<std::uint64_t> network_tally::*;
using count = std::uint64_t network_counts::*;

// Each counter of a tally beside its field in network_counts.
constexpr std::pair<counter, count> fields[] = {
  {&network_tally::requests, &network_counts::requests},
  {&network_tally::responses, &network_counts::responses},
  {&network_tally::timeouts, &network_counts::timeouts},
  {&network_tally::unavailable, &network_counts::unavailable},
  {&network_tally::rejected, &network_counts::rejected},
  {&network_tally::late, &network_counts::late},
  {&network_tally::upstream_errors, &network_counts::upstream_errors},
  {&network_tally::remapped, &network_counts::remapped},
  {&network_tally::duplicates, &network_counts::duplicates},
  {&network_tally::refused_financial, &network_counts::refused_financial},
  {&network_tally::undelivered, &network_counts::undelivered},
};

} // namespace

void network_tally::advance(network_counts& published, const network_counts& now) {
  for (auto [total, field] : fields) {
    // A data path's counts only grow; a smaller one would be another path's: ignored.
    if (now.*field > published.*field)
      (this->*total).fetch_add(now.*field - published.*field, std::memory_order_relaxed);
  }
  published = now;
}

void network_tally::count_unavailable(std::uint64_t n) {
  requests.fetch_add(n, std::memory_order_relaxed);
  unavailable.fetch_add(n, std::memory_order_relaxed);
}

network_counts network_tally::totals() const {
  network_counts out;
  for (auto [total, field] : fields)
    out.*field = (this->*total).load(std::memory_order_relaxed);
  return out;
}

std::shared_ptr<network_tally> network_tallies::of(const std::string& network) {
  std::lock_guard guard{mutex_};
  auto& tally = tallies_[network];
  if (!tally)
    tally = std::make_shared<network_tally>();
  return tally;
}

void count_unavailable(const std::vector<std::shared_ptr<network_tally>>& tallies,
                       const core::route_decision& decision) {
  auto network = decision.is_routed() ? decision.network : decision.matched_network;
  if (network < tallies.size() && tallies[network])
    tallies[network]->count_unavailable();
}

} // namespace switchyard
