#pragma once

#include "actors/messages.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace switchyard {

/// Returns what an operator watching events should hear when a host's pool row goes from
/// `before` (null: the first row of that host) to `after`: its breaker opened (also when it
/// opened and left the open state between two rows), went half open or closed again.
std::optional<std::string> breaker_change(const pool_stats* before, const pool_stats& after);

/// The connection manager's table of pools, one row per network host.
class pool_registry {
public:
  /// Inserts or replaces the row of `row.network` / `row.host`; returns the breaker change
  /// this row shows against the one it replaces, if any.
  std::optional<std::string> upsert(pool_stats row);

  /// Removes every row of `network`; returns how many were removed.
  std::size_t remove_network(const std::string& network);

  /// Returns every row ordered by network, then host.
  std::vector<pool_stats> rows() const;

private:
  std::map<std::pair<std::string, std::string>, pool_stats> rows_;
};

} // namespace switchyard
