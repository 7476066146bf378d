#pragma once

// The BIN table file format (README.md, "BIN tables"): one range per line,
//   low,high,network[,brand,product,country]
// blank lines and lines starting with '#' are skipped, an optional first line starting with
// "low" is a header, fields are trimmed of blanks and hold no commas (no quoting).

#include "config/config_error.hpp"
#include "core/bin_table.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

/// What one BIN file may say and where it comes from.
struct bin_file_scope {
  std::string file; ///< its path, named in errors
  /// The network whose own table it is: its lines leave the network column empty (or out) or
  /// name this network. Empty: a node's table, whose every line names a network.
  std::string network;
  std::vector<std::string> known_networks; ///< the networks a line may name
};

/// Past this many problems in one file, the rest are counted in one last error.
inline constexpr std::size_t max_errors_per_bin_file = 50;

/// Reads the CSV `text` of one BIN file into `builder`, appending each problem to `errors` as
/// FILE:LINE:COLUMN with the column's name as key: malformed lines, bounds that are not digits,
/// of unequal lengths or reversed, unknown networks. Overlaps are found when the table is built.
void parse_bin_file(std::string_view text, const bin_file_scope& scope, bin_table_builder& builder,
                    std::vector<config::config_error>& errors);

/// Reads one BIN file from `in` line by line, as parse_bin_file does; false when reading failed
/// before the end (the lines read are kept).
bool read_bin_file(std::istream& in, const bin_file_scope& scope, bin_table_builder& builder,
                   std::vector<config::config_error>& errors);

} // namespace switchyard::core
