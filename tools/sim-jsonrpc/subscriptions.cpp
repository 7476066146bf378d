#include "tools/sim-jsonrpc/subscriptions.hpp"

#include <algorithm>

namespace switchyard::rpc_sim {

std::optional<std::string> subscriptions::add(std::mt19937_64& rng) {
  if (ids_.size() >= max_size)
    return std::nullopt;
  static constexpr char digits[] = "0123456789abcdef";
  std::string id = "0x";
  for (int word = 0; word < 2; ++word) {
    auto bits = rng();
    for (int i = 0; i < 16; ++i, bits >>= 4)
      id += digits[bits & 0xf];
  }
  // Draws repeat with negligible probability, but a repeat would alias two subscriptions.
  if (std::find(ids_.begin(), ids_.end(), id) != ids_.end())
    return add(rng);
  return ids_.emplace_back(std::move(id));
}

bool subscriptions::remove(std::string_view id) {
  const auto at = std::find(ids_.begin(), ids_.end(), id);
  if (at == ids_.end())
    return false;
  ids_.erase(at);
  return true;
}

} // namespace switchyard::rpc_sim
