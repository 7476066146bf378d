#include "config/network_snippet.hpp"

#include "config/detail/parse_networks.hpp"
#include "config/detail/validate_cross_references.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <filesystem>

namespace switchyard::config {

namespace {

using detail::indexed_table;
using detail::mark;
using detail::network_marks;
using detail::position_of;
using detail::source_marks;
using detail::toml_reader;

// The sections of the configuration file, which a snippet must not carry.
constexpr std::array<std::string_view, 6> file_sections{"node",    "cluster", "listeners",
                                                        "routing", "logging", "admin_http"};

void check_top_level(const toml::table& root, toml_reader& reader) {
  for (auto&& [key, value] : root) {
    if (key == "networks" || key == "network")
      continue;
    auto name = std::string{key.str()};
    auto is_section
      = std::find(file_sections.begin(), file_sections.end(), name) != file_sections.end();
    auto header = name == "listeners" ? "[[" + name + "]]" : "[" + name + "]";
    const auto& begin = key.source().begin;
    reader.fail({static_cast<int>(begin.line), static_cast<int>(begin.column)}, name,
                "nothing but one [[networks]] entry in a network snippet ("
                  + (is_section ? header + " belongs in the config file"
                                : "the config file has no key '" + name + "'")
                  + ")");
  }
}

// The snippet's one network table: `[[networks]]` once, or `[network]` for convenience.
std::optional<indexed_table> find_network(const toml::table& root, toml_reader& reader) {
  auto entries = reader.tables(root, "", "networks");
  if (const auto* single = reader.table(root, "", "network"))
    entries.push_back({"network", single});
  if (entries.size() == 1)
    return entries.front();
  if (entries.size() > 1) {
    reader.fail(position_of(*entries[1].table), entries[1].path,
                "one network per snippet (found " + std::to_string(entries.size())
                  + "; send each network on its own)");
  } else if (const auto* array = root.get_as<toml::array>("networks"); array && array->empty()) {
    reader.fail(position_of(*array), "networks", "one [[networks]] entry in a network snippet");
  } else if (!root.contains("networks") && !root.contains("network")) {
    reader.fail(position_of(root), "networks",
                "one [[networks]] entry in a network snippet (found none)");
  }
  return std::nullopt;
}

const network_settings* find_by_name(const gateway_settings& settings, const std::string& name) {
  auto found = std::find_if(settings.networks.begin(), settings.networks.end(),
                            [&](const auto& x) { return x.name == name; });
  return found == settings.networks.end() ? nullptr : &*found;
}

// Whether the protocol was read from the table (not defaulted after an error).
bool has_protocol(const toml::table& t, protocol_kind protocol) {
  const auto* node = t.get("protocol");
  return node != nullptr && node->value<std::string>() == to_string(protocol);
}

// Refuses what `mode` forbids; returns whether the network may be put in the running settings.
bool check_mode(const network_settings& network, const network_marks& marks, const indexed_table& t,
                const gateway_settings& running, snippet_mode mode, toml_reader& reader) {
  const auto* current = find_by_name(running, network.name);
  const auto quoted = "'" + network.name + "'";
  if (mode == snippet_mode::add && current != nullptr) {
    reader.fail(marks.name.at, marks.name.key,
                "the name of a network not running yet (network " + quoted
                  + " exists; use update-network)");
    return false;
  }
  if (mode == snippet_mode::update && current == nullptr) {
    reader.fail(marks.name.at, marks.name.key,
                "the name of a running network (no network " + quoted + " runs; use add-network)");
    return false;
  }
  if (mode == snippet_mode::update && has_protocol(*t.table, network.protocol)
      && current->protocol != network.protocol) {
    reader.fail(position_of(*t.table->get("protocol")), detail::join(t.path, "protocol"),
                std::string{"protocol = \""} + to_string(current->protocol) + "\" as network "
                  + quoted
                  + " runs with (a protocol cannot change; remove the network and add "
                    "it anew)");
    return false;
  }
  return true;
}

std::string running_key(const std::string& path) {
  return path + " in the running configuration";
}

network_marks running_marks(const network_settings& network, std::size_t index) {
  auto path = detail::at_index("networks", index);
  network_marks result;
  result.name.key = running_key(path + ".name");
  for (std::size_t k = 0; k < network.fallbacks.size(); ++k)
    result.fallbacks.push_back({running_key(detail::at_index(path + ".fallbacks", k)), {}});
  result.forward_journal.key = running_key(path + ".forward_journal");
  for (std::size_t r = 0; r < network.rules.size(); ++r)
    result.rule_bins.push_back(
      {running_key(detail::at_index(path + ".rules", r) + ".bin_range"), {}});
  return result;
}

// Marks without positions for the running settings: they were read from another file.
source_marks running_marks(const gateway_settings& running) {
  source_marks result;
  result.cluster_port.key = running_key("node.cluster_port");
  result.admin_port.key = running_key("admin_http.port");
  for (std::size_t i = 0; i < running.listeners.size(); ++i) {
    auto path = detail::at_index("listeners", i);
    result.listeners.push_back(
      {{running_key(path + ".name"), {}}, {running_key(path + ".port"), {}}});
  }
  for (std::size_t i = 0; i < running.networks.size(); ++i)
    result.networks.push_back(running_marks(running.networks[i], i));
  return result;
}

// The loader's validation of the running settings with `network` in them. The network goes
// last, so that a problem it shares with a running network (a BIN overlap) is reported on the
// snippet's lines; the order of networks decides nothing else that is checked.
void validate_candidate(const gateway_settings& running, const network_settings& network,
                        network_marks marks, toml_reader& reader) {
  auto candidate = running;
  auto candidate_marks = running_marks(running);
  for (std::size_t i = candidate.networks.size(); i-- > 0;) {
    if (candidate.networks[i].name == network.name) {
      candidate.networks.erase(candidate.networks.begin() + static_cast<std::ptrdiff_t>(i));
      candidate_marks.networks.erase(candidate_marks.networks.begin()
                                     + static_cast<std::ptrdiff_t>(i));
    }
  }
  candidate.networks.push_back(network);
  candidate_marks.networks.push_back(std::move(marks));
  reader.report(detail::validate_cross_references(candidate, candidate_marks));
}

snippet_result parse(std::string_view toml, const std::string& source_name,
                     const gateway_settings& running, snippet_mode mode) {
  toml_reader reader{source_name, std::filesystem::path{running.source_file}.parent_path()};
  auto root = reader.parse(toml);
  if (!root)
    return {std::nullopt, std::nullopt, reader.take_errors()};
  check_top_level(*root, reader);
  auto table = find_network(*root, reader);
  if (!table)
    return {std::nullopt, std::nullopt, reader.take_errors()};
  network_marks marks;
  auto network = detail::parse_network(*table->table, table->path, reader, marks);
  if (!network.name.empty() && check_mode(network, marks, *table, running, mode, reader))
    validate_candidate(running, network, std::move(marks), reader);
  if (!reader.is_clean())
    return {std::nullopt, std::nullopt, reader.take_errors()};
  auto settings = with_network(running, network);
  return {std::move(network), std::move(settings), {}};
}

std::string names_text(const std::vector<std::string>& names) {
  std::string result;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      result += i + 1 == names.size() ? " and " : ", ";
    result += "'" + names[i] + "'";
  }
  return result;
}

} // namespace

snippet_result parse_network_snippet(std::string_view toml, const std::string& source_name,
                                     const gateway_settings& running, snippet_mode mode) {
  // As the loader: problems are values; nothing may escape to the caller.
  try {
    return parse(toml, source_name, running, mode);
  } catch (const std::exception& e) {
    return {std::nullopt,
            std::nullopt,
            {config_error{source_name, 0, 0, "",
                          std::string{"a network snippet that can be read ("} + e.what() + ")"}}};
  }
}

gateway_settings with_network(const gateway_settings& settings, network_settings network) {
  auto result = settings;
  auto found = std::find_if(result.networks.begin(), result.networks.end(),
                            [&](const auto& x) { return x.name == network.name; });
  if (found != result.networks.end())
    *found = std::move(network);
  else
    result.networks.push_back(std::move(network));
  return result;
}

gateway_settings with_network_removed(const gateway_settings& settings, const std::string& name) {
  auto result = settings;
  std::erase_if(result.networks, [&](const auto& x) { return x.name == name; });
  return result;
}

std::vector<config_error> validate_removal(const gateway_settings& running,
                                           const std::string& name) {
  const auto& networks = running.networks;
  auto found
    = std::find_if(networks.begin(), networks.end(), [&](const auto& x) { return x.name == name; });
  if (found == networks.end())
    return {{running.source_file, 0, 0, "networks",
             "the name of a running network (no network '" + name + "' runs)"}};
  std::vector<std::string> dependents;
  for (const auto& x : networks) {
    if (std::find(x.fallbacks.begin(), x.fallbacks.end(), name) != x.fallbacks.end())
      dependents.push_back(x.name);
  }
  if (dependents.empty())
    return {};
  auto index = static_cast<std::size_t>(found - networks.begin());
  return {{running.source_file, 0, 0, detail::at_index("networks", index),
           "a network no other network falls back to (" + names_text(dependents)
             + (dependents.size() == 1 ? " names '" : " name '") + name
             + "' in fallbacks; take it out of them first)"}};
}

} // namespace switchyard::config
