#include "actors/network_catalog.hpp"

#include "config/settings_writer.hpp"

#include <algorithm>
#include <set>

namespace switchyard {

namespace {

template <class Rows, class Name>
auto find_named(Rows& rows, const std::string& name, Name name_of) {
  return std::find_if(rows.begin(), rows.end(), [&](auto& r) { return name_of(r) == name; });
}

} // namespace

network_catalog::network_catalog(std::shared_ptr<const config::gateway_settings> settings,
                                 std::vector<runtime_network> runtime)
    : base_(std::move(settings)) {
  for (const auto& n : base_->networks) {
    own_network entry{n, std::nullopt};
    for (auto& r : runtime)
      if (r.settings.name == n.name)
        entry.snippet = std::move(r.snippet);
    own_.push_back(std::move(entry));
  }
  rebuild_locked();
}

void network_catalog::rebuild_locked() {
  auto list = std::make_shared<network_list>();
  std::set<std::string> names;
  for (const auto& n : own_)
    if (names.insert(n.settings.name).second)
      list->push_back(n.settings);
  for (const auto& [member, networks] : learned_)
    for (const auto& n : networks)
      if (names.insert(n.name).second)
        list->push_back(n);
  auto effective = std::make_shared<config::gateway_settings>(*base_);
  effective->networks = *list;
  ++version_;
  std::map<std::string, std::uint64_t> generations;
  for (const auto& n : *list) {
    auto g = generations_.find(n.name);
    generations[n.name] = g != generations_.end() ? g->second : version_;
  }
  generations_ = std::move(generations);
  snapshot_ = std::move(list);
  effective_ = std::move(effective);
}

std::shared_ptr<const network_catalog::network_list> network_catalog::networks() const {
  std::lock_guard guard{mutex_};
  return snapshot_;
}

std::shared_ptr<const config::gateway_settings> network_catalog::effective() const {
  std::lock_guard guard{mutex_};
  return effective_;
}

std::shared_ptr<const config::network_settings>
network_catalog::find(const std::string& name) const {
  auto list = networks();
  auto i = find_named(*list, name, [](const auto& n) -> const std::string& { return n.name; });
  if (i == list->end())
    return nullptr;
  // Shares the snapshot's ownership: the row lives as long as the caller holds it.
  return std::shared_ptr<const config::network_settings>(list, &*i);
}

void network_catalog::put(config::network_settings network, std::string snippet) {
  std::lock_guard guard{mutex_};
  const auto name = network.name;
  for (auto& [member, networks] : learned_)
    std::erase_if(networks, [&](const auto& n) { return n.name == name; });
  auto i
    = find_named(own_, name, [](const auto& o) -> const std::string& { return o.settings.name; });
  // In place: routing breaks ties between equal priorities by network order.
  if (i != own_.end())
    *i = own_network{std::move(network), std::move(snippet)};
  else
    own_.push_back({std::move(network), std::move(snippet)});
  generations_.erase(name); // a new generation: its connector's successor takes over
  rebuild_locked();
}

bool network_catalog::remove(const std::string& name) {
  std::lock_guard guard{mutex_};
  bool removed = std::erase_if(own_, [&](const auto& o) { return o.settings.name == name; }) > 0;
  for (auto& [member, networks] : learned_)
    removed |= std::erase_if(networks, [&](const auto& n) { return n.name == name; }) > 0;
  if (removed)
    rebuild_locked();
  return removed;
}

std::vector<std::string> network_catalog::definitions() const {
  std::lock_guard guard{mutex_};
  std::vector<std::string> result;
  for (const auto& o : own_) {
    const auto& n = o.settings;
    if (!o.snippet || (!n.node.empty() && n.node != base_->node.name))
      continue;
    auto routing = n;
    routing.node = base_->node.name;
    routing.tls = {};
    routing.health_check = {};
    routing.dialect = config::network_settings{}.dialect;
    routing.bin_table.clear();
    routing.forward_journal = false; // the journal is the host's: peers may have no state_dir
    routing.transform = {};          // applied by the host, checked against its dialect
    result.push_back(config::to_toml(routing));
  }
  return result;
}

bool network_catalog::learn(const std::string& member,
                            std::vector<config::network_settings> networks,
                            std::vector<std::string>* ignored) {
  std::lock_guard guard{mutex_};
  std::set<std::string> own;
  for (const auto& o : own_)
    own.insert(o.settings.name);
  for (const auto& [other, list] : learned_)
    if (other != member)
      for (const auto& n : list)
        own.insert(n.name);
  network_list taken;
  for (auto& n : networks) {
    if (own.count(n.name) > 0) {
      if (ignored)
        ignored->push_back(n.name);
      continue;
    }
    taken.push_back(std::move(n));
  }
  auto& current = learned_[member];
  if (current.empty() && taken.empty()) {
    learned_.erase(member);
    return false;
  }
  current = std::move(taken);
  if (current.empty())
    learned_.erase(member);
  rebuild_locked();
  return true;
}

std::uint64_t network_catalog::generation(const std::string& name) const {
  std::lock_guard guard{mutex_};
  auto i = generations_.find(name);
  return i == generations_.end() ? 0 : i->second;
}

std::uint64_t network_catalog::version() const {
  std::lock_guard guard{mutex_};
  return version_;
}

bool network_catalog::begin_change(const std::string& name) {
  std::lock_guard guard{mutex_};
  return changing_.insert(name).second;
}

void network_catalog::end_change(const std::string& name) {
  std::lock_guard guard{mutex_};
  changing_.erase(name);
}

} // namespace switchyard
