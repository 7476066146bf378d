#include "actors/tree_path.hpp"

namespace switchyard {

std::vector<std::string> split_tree_path(std::string_view path) {
  std::vector<std::string> segments;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto segment = path.substr(0, slash);
    if (!segment.empty())
      segments.emplace_back(segment);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  if (!segments.empty() && segments.front() == root_supervisor_name)
    segments.erase(segments.begin());
  return segments;
}

std::string join_tree_path(const std::vector<std::string>& segments) {
  std::string result{root_supervisor_name};
  for (const auto& segment : segments)
    result += "/" + segment;
  return result;
}

} // namespace switchyard
