#include "actors/network_table.hpp"

namespace switchyard {

network_table::network_table(const std::vector<config::network_settings>& networks) {
  for (const auto& n : networks)
    entries_.emplace(n.name, entry{n, false, true});
}

bool network_table::connect(const std::string& name) {
  auto i = entries_.find(name);
  if (i == entries_.end())
    return false;
  i->second.connected = true;
  return true;
}

void network_table::disconnect(const std::string& name) {
  if (auto i = entries_.find(name); i != entries_.end())
    i->second.connected = false;
}

bool network_table::set_healthy(const std::string& name, bool healthy) {
  auto i = entries_.find(name);
  if (i == entries_.end() || i->second.healthy == healthy)
    return false;
  i->second.healthy = healthy;
  return true;
}

const network_table::entry* network_table::find(const std::string& name) const {
  auto i = entries_.find(name);
  return i == entries_.end() ? nullptr : &i->second;
}

std::optional<std::string> network_table::first_available(const std::string& name) const {
  auto usable = [this](const std::string& n) {
    const auto* e = find(n);
    return e != nullptr && e->connected && e->healthy;
  };
  if (usable(name))
    return name;
  if (const auto* e = find(name)) {
    for (const auto& fallback : e->settings.fallbacks)
      if (usable(fallback))
        return fallback;
  }
  return std::nullopt;
}

} // namespace switchyard
