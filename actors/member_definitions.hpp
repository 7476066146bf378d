#pragma once

// The networks other members of the cluster define at runtime reach this node on their cards
// as TOML (network_catalog::definitions). Read here as the router routes them: each one
// validated like a network added to this node, hosted by its member.

#include "config/settings.hpp"

#include <set>
#include <string>
#include <vector>

namespace switchyard {

/// What a member's definitions mean for this node.
struct member_definitions {
  std::vector<config::network_settings> usable; ///< each with `node` set to the member
  std::vector<std::string> unusable;            ///< why each of the others cannot be routed
};

/// Reads member `member`'s `definitions`, each validated as a network added to `effective`
/// (this node's settings now) without what was learned from the member before (networks
/// whose node is `member`).
member_definitions read_member_definitions(const config::gateway_settings& effective,
                                           const std::string& member,
                                           const std::vector<std::string>& definitions);

/// Returns what watchers hear when the networks this node routes to `member` go from `before`
/// to `after`: each new one defined there, each one gone withdrawn.
std::vector<std::string> definition_events(const std::string& member,
                                           const std::set<std::string>& before,
                                           const std::set<std::string>& after);

} // namespace switchyard
