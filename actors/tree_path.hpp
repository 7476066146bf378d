#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace switchyard {

/// The name of the root of every node's supervision tree.
inline constexpr std::string_view root_supervisor_name = "node";

/// Splits "node/connectors/visa" (the root name optional) into {"connectors", "visa"};
/// empty segments are dropped.
std::vector<std::string> split_tree_path(std::string_view path);

/// Joins segments below the root back into "node/connectors/visa".
std::string join_tree_path(const std::vector<std::string>& segments);

} // namespace switchyard
