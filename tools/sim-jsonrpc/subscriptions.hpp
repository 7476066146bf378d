#pragma once

#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::rpc_sim {

/// The newHeads subscriptions of one WebSocket connection.
class subscriptions {
public:
  /// The most subscriptions one connection may hold.
  static constexpr std::size_t max_size = 64;

  /// Adds a subscription whose id ("0x" and 32 hex digits) is drawn from `rng`; nothing when
  /// the connection already holds `max_size`.
  std::optional<std::string> add(std::mt19937_64& rng);

  /// Removes the subscription `id`; false when there is none.
  bool remove(std::string_view id);

  /// Returns the ids in the order they were added.
  const std::vector<std::string>& ids() const { return ids_; }

  /// Returns true when there is no subscription.
  bool empty() const { return ids_.empty(); }

private:
  std::vector<std::string> ids_;
};

} // namespace switchyard::rpc_sim
