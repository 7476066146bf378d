#include "config/detail/validate_cross_references.hpp"

#include "config/detail/validate_bin_overlaps.hpp"
#include "config/patterns.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace switchyard::config::detail {

namespace {

// A socket this node binds, in the order the node binds them.
struct endpoint {
  std::string address;
  std::uint16_t port = 0;
  mark where;
};

config_error error_at(const gateway_settings& settings, const mark& where, std::string expected) {
  return {settings.source_file, where.at.line, where.at.column, where.key, std::move(expected)};
}

std::vector<endpoint> bound_endpoints(const gateway_settings& settings, const source_marks& marks) {
  std::vector<endpoint> result;
  result.push_back({settings.node.cluster_address, settings.node.cluster_port, marks.cluster_port});
  for (std::size_t i = 0; i < settings.listeners.size(); ++i) {
    const auto& listener = settings.listeners[i];
    result.push_back({listener.address, listener.port, marks.listeners[i].port});
  }
  if (settings.admin_http.enabled) {
    result.push_back({settings.admin_http.address, settings.admin_http.port, marks.admin_port});
  }
  // Port 0 lets the OS choose a free port, so it never collides.
  std::erase_if(result, [](const endpoint& x) { return x.port == 0; });
  return result;
}

void check_ports(const gateway_settings& settings, const source_marks& marks,
                 std::vector<config_error>& out) {
  auto endpoints = bound_endpoints(settings, marks);
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto& x = endpoints[i];
      const auto& y = endpoints[j];
      if (x.port == y.port && addresses_overlap(x.address, y.address)) {
        out.push_back(error_at(settings, x.where,
                               "a port not already bound by " + y.where.key + " (" + y.address + ":"
                                 + std::to_string(y.port) + ")"));
        break;
      }
    }
  }
}

template <class Settings, class Marks>
void check_unique_names(const gateway_settings& settings, const std::vector<Settings>& items,
                        const std::vector<Marks>& marks, const char* what,
                        std::vector<config_error>& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (!items[i].name.empty() && items[i].name == items[j].name) {
        out.push_back(error_at(settings, marks[i].name,
                               std::string{"a "} + what + " name not already used by "
                                 + marks[j].name.key + " (\"" + items[i].name + "\")"));
        break;
      }
    }
  }
}

void check_fallback(const gateway_settings& settings, const network_settings& network,
                    const mark& where, const std::string& name, std::vector<config_error>& out) {
  const auto& networks = settings.networks;
  auto target
    = std::find_if(networks.begin(), networks.end(), [&](const auto& x) { return x.name == name; });
  if (target == networks.end()) {
    out.push_back(error_at(
      settings, where, "the name of a configured network (no network is named \"" + name + "\")"));
  } else if (name == network.name) {
    out.push_back(
      error_at(settings, where,
               "the name of another network (\"" + name + "\" cannot fall back to itself)"));
  } else if (target->protocol != network.protocol) {
    out.push_back(error_at(settings, where,
                           std::string{"a network with protocol = \""} + to_string(network.protocol)
                             + "\" (\"" + name + "\" speaks " + to_string(target->protocol) + ")"));
  }
}

} // namespace

std::vector<config_error> validate_cross_references(const gateway_settings& settings,
                                                    const source_marks& marks) {
  std::vector<config_error> result;
  check_unique_names(settings, settings.listeners, marks.listeners, "listener", result);
  check_unique_names(settings, settings.networks, marks.networks, "network", result);
  for (std::size_t i = 0; i < settings.networks.size(); ++i) {
    const auto& network = settings.networks[i];
    for (std::size_t k = 0; k < network.fallbacks.size(); ++k) {
      check_fallback(settings, network, marks.networks[i].fallbacks[k], network.fallbacks[k],
                     result);
    }
    if (network.forward_journal && settings.node.state_dir.empty())
      result.push_back(error_at(settings, marks.networks[i].forward_journal,
                                "node.state_dir to be set (the forward journal is kept there)"));
  }
  check_ports(settings, marks, result);
  for (auto& error : validate_bin_overlaps(settings, marks))
    result.push_back(std::move(error));
  return result;
}

} // namespace switchyard::config::detail
