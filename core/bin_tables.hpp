#pragma once

#include "config/config_error.hpp"
#include "config/settings.hpp"
#include "core/bin_table.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace switchyard::core {

/// The BIN tables of a node at one priority, merged into one table: the node's table and the
/// networks' tables of that priority (their ranges may not overlap).
struct bin_group {
  std::uint32_t priority = 100;
  bin_table table;
};

/// Every BIN table of a node, one group per priority, ascending; empty when none is set.
using bin_tables = std::vector<bin_group>;

/// What loading a node's BIN tables gave.
struct bin_load_result {
  std::shared_ptr<const bin_tables> tables; ///< set exactly when `errors` is empty
  std::vector<config::config_error> errors; ///< every problem, each with its file and line
  std::size_t files = 0;                    ///< BIN files read
  std::size_t ranges = 0;                   ///< ranges loaded
};

/// Reads every BIN table that `routing` (the node's) and `networks` (their own) name, and
/// checks them: lines (core/bin_file.hpp), and overlaps of ranges within one priority, also
/// across files. The node's table may name the ISO 8583 networks of `networks`.
bin_load_result load_bin_tables(const config::routing_settings& routing,
                                const std::vector<config::network_settings>& networks);

/// Reads every BIN table `settings` names, as above.
bin_load_result load_bin_tables(const config::gateway_settings& settings);

/// Returns the number of ranges in `tables`.
std::size_t count_ranges(const bin_tables& tables) noexcept;

/// Returns the heap bytes `tables` hold.
std::size_t memory_bytes(const bin_tables& tables) noexcept;

} // namespace switchyard::core
