#include "core/routing_table.hpp"

#include "config/rule_text.hpp"
#include "core/route_rule.hpp"

#include <algorithm>
#include <utility>

namespace switchyard::core {

namespace {

// Returns the indices of the usable fallbacks of network `n`, in the order listed.
std::vector<std::size_t> resolve_fallbacks(const std::vector<config::network_settings>& networks,
                                           std::size_t n) {
  std::vector<std::size_t> result;
  for (const auto& name : networks[n].fallbacks) {
    auto it = std::find_if(networks.begin(), networks.end(),
                           [&](const auto& x) { return x.name == name; });
    auto target = static_cast<std::size_t>(it - networks.begin());
    if (it != networks.end() && target != n && it->protocol == networks[n].protocol)
      result.push_back(target);
  }
  return result;
}

} // namespace

struct routing_table::compiled {
  struct network {
    std::string name;
    config::protocol_kind protocol = config::protocol_kind::iso8583;
    std::vector<std::size_t> fallbacks;
    std::vector<std::string> rule_texts;
  };

  std::vector<network> networks;
  std::shared_ptr<const bin_tables> bins;
  std::vector<std::vector<std::size_t>> bin_networks; // per group: its networks' indices here
  std::vector<route_rule> iso_rules;                  // in evaluation order
  std::vector<route_rule> method_rules;               // in evaluation order
};

const char* to_string(route_outcome x) {
  switch (x) {
    case route_outcome::routed:
      return "routed";
    case route_outcome::no_route:
      return "no_route";
    case route_outcome::unavailable:
      return "unavailable";
  }
  return "unknown";
}

routing_table::routing_table(const std::vector<config::network_settings>& networks,
                             std::shared_ptr<const bin_tables> bins)
    : available_(networks.size(), 1) {
  auto data = std::make_shared<compiled>();
  for (std::size_t n = 0; n < networks.size(); ++n) {
    const auto& settings = networks[n];
    auto& net = data->networks.emplace_back();
    net.name = settings.name;
    net.protocol = settings.protocol;
    for (std::size_t i = 0; i < settings.rules.size(); ++i) {
      net.rule_texts.push_back(config::describe_rule(settings.rules[i]));
      auto rule = compile_rule(settings.rules[i], settings.protocol);
      if (!rule) {
        net.rule_texts.back()
          += " (never matches on this " + std::string{to_string(settings.protocol)} + " network)";
        continue;
      }
      rule->network = n;
      rule->index = i;
      auto& order = settings.protocol == config::protocol_kind::jsonrpc ? data->method_rules
                                                                        : data->iso_rules;
      order.push_back(std::move(*rule));
    }
  }
  for (std::size_t n = 0; n < networks.size(); ++n)
    data->networks[n].fallbacks = resolve_fallbacks(networks, n);
  data->bins = std::move(bins);
  add_bin_rules(*data);
  auto by_precedence = [](const route_rule& x, const route_rule& y) {
    if (x.is_default != y.is_default)
      return y.is_default;
    if (x.priority != y.priority)
      return x.priority < y.priority;
    return !x.bin_group && y.bin_group;
  };
  std::stable_sort(data->iso_rules.begin(), data->iso_rules.end(), by_precedence);
  std::stable_sort(data->method_rules.begin(), data->method_rules.end(), by_precedence);
  compiled_ = std::move(data);
}

// Each group of BIN tables becomes one rule at its priority; its ranges' networks are
// mapped to this table's networks once, so a lookup costs no name comparison.
void routing_table::add_bin_rules(compiled& data) {
  if (!data.bins)
    return;
  for (std::size_t g = 0; g < data.bins->size(); ++g) {
    const auto& group = (*data.bins)[g];
    auto& mapping = data.bin_networks.emplace_back();
    for (std::size_t i = 0; i < group.table.networks(); ++i) {
      auto it = std::find_if(data.networks.begin(), data.networks.end(), [&](const auto& n) {
        return n.name == group.table.network_name(i)
               && n.protocol == config::protocol_kind::iso8583;
      });
      mapping.push_back(it == data.networks.end()
                          ? route_decision::none
                          : static_cast<std::size_t>(it - data.networks.begin()));
    }
    route_rule rule;
    rule.priority = group.priority;
    rule.bin_group = g;
    data.iso_rules.push_back(std::move(rule));
  }
}

route_decision routing_table::route(const routable& m) const {
  std::optional<pan_key> pan; // read at the first BIN table, once
  for (const auto& rule : compiled_->iso_rules) {
    if (rule.bin_group) {
      if (!pan)
        pan = make_pan_key(m.field(2).value_or(std::string_view{}));
      if (auto d = decide_by_table(*rule.bin_group, *pan))
        return *d;
      continue;
    }
    if (matches(rule, m))
      return decide(rule.network, rule.index);
  }
  return {};
}

std::optional<route_decision> routing_table::decide_by_table(std::size_t group, pan_key pan) const {
  const auto& table = (*compiled_->bins)[group].table;
  auto range = table.find(pan);
  if (!range)
    return std::nullopt;
  auto network = compiled_->bin_networks[group][table.at(*range).network];
  if (network == route_decision::none)
    return std::nullopt;
  auto d = decide(network, route_decision::none);
  d.bin_group = group;
  d.bin_range = *range;
  return d;
}

route_decision routing_table::route_method(std::string_view method) const {
  for (const auto& rule : compiled_->method_rules) {
    if (matches(rule, method))
      return decide(rule.network, rule.index);
  }
  return {};
}

route_decision routing_table::route_to(std::size_t network) const {
  return decide(network, route_decision::none);
}

route_decision routing_table::decide(std::size_t network, std::size_t rule) const {
  const auto& nets = compiled_->networks;
  route_decision d;
  d.matched_network = network;
  d.matched_network_name = nets[network].name;
  d.rule = rule;
  d.outcome = route_outcome::unavailable;
  auto choose = [&](std::size_t n) {
    d.outcome = route_outcome::routed;
    d.network = n;
    d.network_name = nets[n].name;
    return d;
  };
  if (available_[network] != 0)
    return choose(network);
  for (auto fallback : nets[network].fallbacks) {
    if (available_[fallback] != 0)
      return choose(fallback);
  }
  return d;
}

routing_table routing_table::with_availability(const std::map<std::string, bool>& changes) const {
  routing_table copy = *this;
  for (const auto& [network, up] : changes) {
    if (auto index = find(network))
      copy.available_[*index] = up ? 1 : 0;
  }
  return copy;
}

bool routing_table::is_available(std::string_view name) const {
  auto index = find(name);
  return index && available_[*index] != 0;
}

std::optional<std::size_t> routing_table::find(std::string_view name) const {
  const auto& nets = compiled_->networks;
  auto it = std::find_if(nets.begin(), nets.end(), [&](const auto& x) { return x.name == name; });
  if (it == nets.end())
    return std::nullopt;
  return static_cast<std::size_t>(it - nets.begin());
}

const std::shared_ptr<const bin_tables>& routing_table::bins() const noexcept {
  return compiled_->bins;
}

std::size_t routing_table::size() const noexcept {
  return compiled_->networks.size();
}

std::string_view routing_table::name(std::size_t index) const {
  return compiled_->networks[index].name;
}

config::protocol_kind routing_table::protocol(std::size_t index) const {
  return compiled_->networks[index].protocol;
}

const std::string& routing_table::describe_rule(std::size_t network, std::size_t rule) const {
  return compiled_->networks[network].rule_texts[rule];
}

std::string routing_table::explain(const route_decision& decision) const {
  if (decision.outcome == route_outcome::no_route)
    return "no rule matched";
  const auto& matched = compiled_->networks[decision.matched_network];
  std::string text = "network \"" + matched.name + "\" " + explain_match(decision);
  if (!decision.used_fallback() && decision.is_routed())
    return text;
  text += "; " + matched.name + " unavailable";
  for (auto fallback : matched.fallbacks) {
    text += " -> fallback \"" + compiled_->networks[fallback].name + "\"";
    if (fallback == decision.network)
      return text;
    text += " unavailable";
  }
  text += matched.fallbacks.empty() ? " and has no fallback" : " -> no network available";
  return text;
}

std::string routing_table::explain_match(const route_decision& decision) const {
  if (decision.by_bin_table()) {
    const auto& group = (*compiled_->bins)[decision.bin_group];
    const auto& table = group.table;
    auto i = decision.bin_range;
    const auto& range = table.at(i);
    auto attributes = table.attributes(i);
    std::string text = "BIN table " + table.source_name(range.source) + " line "
                       + std::to_string(range.line) + " (range " + table.low_text(i) + "-"
                       + table.high_text(i);
    for (auto value : {attributes.brand, attributes.product, attributes.country})
      if (!value.empty())
        text.append(" ").append(value);
    return text + ", priority " + std::to_string(group.priority) + ")";
  }
  const auto& matched = compiled_->networks[decision.matched_network];
  if (decision.rule == route_decision::none)
    return "by name";
  return "rule #" + std::to_string(decision.rule) + " (" + matched.rule_texts[decision.rule] + ")";
}

} // namespace switchyard::core
