#include "actors/member_definitions.hpp"

#include "config/network_snippet.hpp"

#include <algorithm>

namespace switchyard {

member_definitions read_member_definitions(const config::gateway_settings& effective,
                                           const std::string& member,
                                           const std::vector<std::string>& definitions) {
  member_definitions result;
  auto base = effective;
  std::erase_if(base.networks, [&](const auto& n) { return n.node == member; });
  for (const auto& text : definitions) {
    auto parsed = config::parse_network_snippet(text, "a network defined on node " + member, base,
                                                config::snippet_mode::add);
    if (!parsed.network) {
      std::string why;
      for (const auto& e : parsed.errors)
        why.append(why.empty() ? "" : "; ").append(config::to_string(e));
      result.unusable.push_back(std::move(why));
      continue;
    }
    parsed.network->node = member;
    // Validated with the ones before it: two definitions of one name are refused.
    base.networks.push_back(*parsed.network);
    result.usable.push_back(std::move(*parsed.network));
  }
  return result;
}

std::vector<std::string> definition_events(const std::string& member,
                                           const std::set<std::string>& before,
                                           const std::set<std::string>& after) {
  std::vector<std::string> events;
  for (const auto& name : after)
    if (!before.contains(name))
      events.push_back("network " + name + " defined on node " + member
                       + ": its traffic goes there");
  for (const auto& name : before)
    if (!after.contains(name))
      events.push_back("network " + name + " withdrawn by node " + member);
  return events;
}

} // namespace switchyard
