#include "config/loader.hpp"

#include "config/detail/parse_listeners.hpp"
#include "config/detail/parse_networks.hpp"
#include "config/detail/parse_node.hpp"
#include "config/detail/parse_observability.hpp"
#include "config/detail/parse_routing.hpp"
#include "config/detail/validate_cross_references.hpp"

#include <array>
#include <cerrno>
#include <exception>
#include <fstream>

namespace switchyard::config {

namespace {

using detail::source_marks;
using detail::toml_reader;

gateway_settings parse_settings(const toml::table& root, toml_reader& reader, source_marks& marks) {
  reader.check_keys(root, "", "node cluster listeners networks routing logging admin_http");
  gateway_settings result;
  result.node = detail::parse_node(root, reader, marks);
  result.cluster = detail::parse_cluster(root, reader);
  detail::parse_listeners(root, reader, result.listeners, marks.listeners);
  detail::parse_networks(root, reader, result.networks, marks.networks);
  result.routing = detail::parse_routing(root, reader);
  result.logging = detail::parse_logging(root, reader);
  result.admin_http = detail::parse_admin_http(root, reader, marks);
  return result;
}

load_result validate(std::string_view toml, const std::string& source_name) {
  toml_reader reader{source_name, std::filesystem::path{source_name}.parent_path()};
  auto root = reader.parse(toml);
  if (!root) {
    return {std::nullopt, reader.take_errors()};
  }
  source_marks marks;
  auto settings = parse_settings(*root, reader, marks);
  settings.source_file = source_name;
  reader.report(detail::validate_cross_references(settings, marks));
  if (!reader.is_clean()) {
    return {std::nullopt, reader.take_errors()};
  }
  return {std::move(settings), {}};
}

load_result failure(const std::string& file, std::string expected) {
  return {std::nullopt, {config_error{file, 0, 0, "", std::move(expected)}}};
}

} // namespace

load_result load_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return failure(path, "a readable configuration file (no such file)");
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    return failure(path, "a readable configuration file (not a regular file)");
  }
  std::ifstream in{path, std::ios::binary};
  std::string content;
  std::array<char, 4096> chunk{};
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
    content.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (!in.is_open() || in.bad()) {
    return failure(path, "a readable configuration file (" + std::generic_category().message(errno)
                           + ")");
  }
  return load_string(content, path);
}

load_result load_string(std::string_view toml, const std::string& source_name) {
  // The loader reports problems as values; nothing may escape to the caller.
  try {
    return validate(toml, source_name);
  } catch (const std::exception& e) {
    return failure(source_name,
                   std::string{"a configuration that can be loaded ("} + e.what() + ")");
  }
}

} // namespace switchyard::config
