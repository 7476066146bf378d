#include "actors/pool_registry.hpp"

namespace switchyard {

void pool_registry::upsert(pool_stats row) {
  auto key = std::make_pair(row.network, row.host);
  rows_[std::move(key)] = std::move(row);
}

std::size_t pool_registry::remove_network(const std::string& network) {
  std::size_t removed = 0;
  for (auto i = rows_.begin(); i != rows_.end();) {
    if (i->first.first == network) {
      i = rows_.erase(i);
      ++removed;
    } else {
      ++i;
    }
  }
  return removed;
}

std::vector<pool_stats> pool_registry::rows() const {
  std::vector<pool_stats> result;
  result.reserve(rows_.size());
  for (const auto& [key, row] : rows_)
    result.push_back(row);
  return result;
}

} // namespace switchyard
