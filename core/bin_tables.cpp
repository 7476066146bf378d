#include "core/bin_tables.hpp"

#include "core/bin_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#if defined(__GLIBC__)
#  include <malloc.h>
#endif

namespace switchyard::core {

namespace {

struct named_file {
  std::uint32_t priority = 100;
  bin_file_scope scope;
};

std::vector<named_file> files_of(const config::routing_settings& routing,
                                 const std::vector<config::network_settings>& networks) {
  std::vector<std::string> iso_networks;
  for (const auto& n : networks)
    if (n.protocol == config::protocol_kind::iso8583)
      iso_networks.push_back(n.name);
  std::vector<named_file> result;
  if (!routing.bin_table.empty())
    result.push_back({routing.bin_table_priority, {routing.bin_table, {}, iso_networks}});
  for (const auto& n : networks)
    if (!n.bin_table.empty() && n.protocol == config::protocol_kind::iso8583)
      result.push_back({n.bin_table_priority, {n.bin_table, n.name, {}}});
  return result;
}

config::config_error overlap_error(const bin_table& table, const bin_overlap& o,
                                   std::uint32_t priority) {
  const auto& later = table.at(o.later);
  const auto& earlier = table.at(o.earlier);
  return {table.source_name(later.source), static_cast<int>(later.line), 1, "low",
          "a range that overlaps no other range at priority " + std::to_string(priority) + " ("
            + table.low_text(o.later) + "-" + table.high_text(o.later) + " overlaps "
            + table.low_text(o.earlier) + "-" + table.high_text(o.earlier) + " of "
            + table.source_name(earlier.source) + ":" + std::to_string(earlier.line) + ")"};
}

} // namespace

bin_load_result load_bin_tables(const config::routing_settings& routing,
                                const std::vector<config::network_settings>& networks) {
  bin_load_result result;
  std::map<std::uint32_t, bin_table_builder> builders;
  for (const auto& file : files_of(routing, networks)) {
    // Read line by line: a table of half a million ranges never sits in memory as text.
    std::ifstream in{file.scope.file};
    if (!in || !read_bin_file(in, file.scope, builders[file.priority], result.errors)) {
      result.errors.push_back(
        {file.scope.file, 0, 0, "",
         "a readable BIN table file (" + std::string{std::strerror(errno)} + ")"});
      continue;
    }
    ++result.files;
  }
  auto tables = std::make_shared<bin_tables>();
  std::vector<bin_overlap> overlaps;
  for (auto& [priority, builder] : builders) {
    auto& group = tables->emplace_back(bin_group{priority, builder.build(overlaps)});
    for (std::size_t i = 0; i < overlaps.size() && i < max_errors_per_bin_file; ++i)
      result.errors.push_back(overlap_error(group.table, overlaps[i], priority));
    if (overlaps.size() > max_errors_per_bin_file)
      result.errors.push_back({group.table.source_name(0), 0, 0, "",
                               "ranges that do not overlap (" + std::to_string(overlaps.size())
                                 + " overlapping ranges at priority " + std::to_string(priority)
                                 + ", the first " + std::to_string(max_errors_per_bin_file)
                                 + " shown)"});
    overlaps.clear();
  }
  // The sort buffer and the text of the lines (as much again as the tables) were freed in
  // pieces the allocator keeps; a node loads its tables once or on reload, so give them back.
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  result.ranges = count_ranges(*tables);
  if (result.errors.empty())
    result.tables = std::move(tables);
  return result;
}

bin_load_result load_bin_tables(const config::gateway_settings& settings) {
  return load_bin_tables(settings.routing, settings.networks);
}

std::size_t count_ranges(const bin_tables& tables) noexcept {
  std::size_t n = 0;
  for (const auto& group : tables)
    n += group.table.size();
  return n;
}

std::size_t memory_bytes(const bin_tables& tables) noexcept {
  std::size_t n = tables.capacity() * sizeof(bin_group);
  for (const auto& group : tables)
    n += group.table.memory_bytes();
  return n;
}

} // namespace switchyard::core
