#pragma once

#include "core/routing_table.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::core::test {

/// A rule matching PANs whose leading digits lie in [`low`, `high`].
inline config::rule_settings bin_rule(std::string low, std::string high,
                                      std::uint32_t priority = 100) {
  config::rule_settings r;
  r.priority = priority;
  r.bin = config::bin_range{std::move(low), std::move(high)};
  return r;
}

/// A rule matching MTIs against `pattern`.
inline config::rule_settings mti_rule(std::string pattern, std::uint32_t priority = 100) {
  config::rule_settings r;
  r.priority = priority;
  r.mti = std::move(pattern);
  return r;
}

/// A default rule.
inline config::rule_settings default_rule(std::uint32_t priority = 100) {
  config::rule_settings r;
  r.priority = priority;
  r.is_default = true;
  return r;
}

/// A rule matching JSON-RPC methods against `pattern`.
inline config::rule_settings method_rule(std::string pattern, std::uint32_t priority = 100) {
  config::rule_settings r;
  r.priority = priority;
  r.method = std::move(pattern);
  return r;
}

/// A network of `protocol` (ISO 8583 unless told) with `rules` and `fallbacks`.
inline config::network_settings network(std::string name, std::vector<config::rule_settings> rules,
                                        std::vector<std::string> fallbacks = {},
                                        config::protocol_kind protocol
                                        = config::protocol_kind::iso8583) {
  config::network_settings n;
  n.name = std::move(name);
  n.protocol = protocol;
  n.rules = std::move(rules);
  n.fallbacks = std::move(fallbacks);
  return n;
}

/// A JSON-RPC network with `rules` and `fallbacks`.
inline config::network_settings rpc_network(std::string name,
                                            std::vector<config::rule_settings> rules,
                                            std::vector<std::string> fallbacks = {}) {
  return network(std::move(name), std::move(rules), std::move(fallbacks),
                 config::protocol_kind::jsonrpc);
}

/// A message with `mti` and, unless empty, `pan` in field 2.
inline iso8583::message request(std::string_view mti, std::string_view pan = "4111111111111111") {
  iso8583::message m;
  m.set_mti(mti);
  if (!pan.empty())
    m.set(2, pan);
  return m;
}

/// The name of the network `d` routes to, as an owning string.
inline std::string routed_name(const route_decision& d) {
  return std::string{d.network_name};
}

} // namespace switchyard::core::test
