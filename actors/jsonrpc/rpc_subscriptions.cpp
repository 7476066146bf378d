#include "actors/jsonrpc/rpc_subscriptions.hpp"

namespace switchyard {

std::string subscription_ids::next() {
  // splitmix64's finalizer: a bijection, so distinct counter values give distinct ids.
  auto z = next_.fetch_add(1, std::memory_order_relaxed) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  static constexpr char digits[] = "0123456789abcdef";
  std::string id = "0x";
  for (int shift = 60; shift >= 0; shift -= 4)
    id += digits[(z >> shift) & 0xf];
  return id;
}

bool subscription_registry::add(subscription_entry entry) {
  provider_key key{entry.host, entry.provider_id};
  if (by_client_.contains(entry.client_id) || by_provider_.contains(key))
    return false;
  by_provider_.emplace(std::move(key), entry.client_id);
  auto id = entry.client_id;
  by_client_.emplace(std::move(id), std::move(entry));
  return true;
}

const subscription_entry* subscription_registry::by_provider(std::size_t host,
                                                             std::string_view provider_id) const {
  auto it = by_provider_.find(provider_key{host, std::string{provider_id}});
  return it == by_provider_.end() ? nullptr : by_client(it->second);
}

const subscription_entry* subscription_registry::by_client(std::string_view client_id) const {
  auto it = by_client_.find(client_id);
  return it == by_client_.end() ? nullptr : &it->second;
}

std::optional<subscription_entry> subscription_registry::remove(std::string_view client_id) {
  auto it = by_client_.find(client_id);
  if (it == by_client_.end())
    return std::nullopt;
  auto entry = std::move(it->second);
  by_client_.erase(it);
  by_provider_.erase(provider_key{entry.host, entry.provider_id});
  return entry;
}

std::vector<subscription_entry> subscription_registry::remove_host(std::size_t host) {
  std::vector<subscription_entry> out;
  auto first = by_provider_.lower_bound(provider_key{host, std::string{}});
  auto it = first;
  for (; it != by_provider_.end() && it->first.first == host; ++it) {
    auto entry = by_client_.find(it->second);
    out.push_back(std::move(entry->second));
    by_client_.erase(entry);
  }
  by_provider_.erase(first, it);
  return out;
}

std::vector<subscription_entry> subscription_registry::clear() {
  std::vector<subscription_entry> out;
  out.reserve(by_client_.size());
  for (auto& [id, entry] : by_client_)
    out.push_back(std::move(entry));
  by_client_.clear();
  by_provider_.clear();
  return out;
}

std::size_t subscription_registry::count_on(std::size_t host) const {
  std::size_t n = 0;
  for (auto it = by_provider_.lower_bound(provider_key{host, std::string{}});
       it != by_provider_.end() && it->first.first == host; ++it)
    ++n;
  return n;
}

} // namespace switchyard
