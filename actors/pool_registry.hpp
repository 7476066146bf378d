#pragma once

#include "actors/messages.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace switchyard {

/// The connection manager's table of pools, one row per network host.
class pool_registry {
public:
  /// Inserts or replaces the row of `row.network` / `row.host`.
  void upsert(pool_stats row);

  /// Removes every row of `network`; returns how many were removed.
  std::size_t remove_network(const std::string& network);

  /// Returns every row ordered by network, then host.
  std::vector<pool_stats> rows() const;

private:
  std::map<std::pair<std::string, std::string>, pool_stats> rows_;
};

} // namespace switchyard
