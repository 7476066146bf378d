#include "actors/pool_registry.hpp"

namespace switchyard {

std::optional<std::string> breaker_change(const pool_stats* before, const pool_stats& after) {
  std::string where = " on network " + after.network + " host " + after.host;
  if (before == nullptr) {
    if (after.breaker == "closed" && after.breaker_opened == 0)
      return std::nullopt;
    return "breaker " + after.breaker + where;
  }
  // Rows come once a second: a breaker may open and move on in between, which its count of
  // openings shows. A smaller count is a new connector (its breakers start anew).
  auto opened = after.breaker_opened >= before->breaker_opened
                  ? after.breaker_opened - before->breaker_opened
                  : after.breaker_opened;
  if (opened > 0) {
    std::string text = "breaker opened" + where;
    if (opened > 1)
      text.append(" (" + std::to_string(opened) + " times)");
    if (after.breaker != "open")
      text.append(", " + after.breaker + " now");
    return text;
  }
  if (after.breaker == before->breaker)
    return std::nullopt;
  return "breaker " + after.breaker + where;
}

std::optional<std::string> pool_registry::upsert(pool_stats row) {
  auto key = std::make_pair(row.network, row.host);
  auto found = rows_.find(key);
  auto change = breaker_change(found == rows_.end() ? nullptr : &found->second, row);
  rows_[std::move(key)] = std::move(row);
  return change;
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
