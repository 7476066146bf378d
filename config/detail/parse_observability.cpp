#include "config/detail/parse_observability.hpp"

#include "config/detail/writable_paths.hpp"

#include <array>

namespace switchyard::config::detail {

namespace {

constexpr std::array<std::string_view, 5> level_names{"trace", "debug", "info", "warn", "error"};

constexpr std::array<std::string_view, 3> format_names{"logfmt", "json", "text"};

} // namespace

logging_settings parse_logging(const toml::table& root, toml_reader& reader) {
  logging_settings result;
  const auto* t = reader.table(root, "", "logging");
  if (t == nullptr) {
    return result;
  }
  reader.check_keys(*t, "logging", "level format file");
  if (auto level = reader.read_choice(*t, "logging", "level", level_names)) {
    result.level = level_names[*level];
  }
  if (auto format = reader.read_choice(*t, "logging", "format", format_names)) {
    result.format = format_names[*format];
  }
  // Like every file path of the configuration, relative to the configuration's folder.
  if (reader.read_string(*t, "logging", "file", result.file)) {
    result.file = reader.resolve(result.file);
    if (auto problem = log_file_problem(result.file); !problem.empty())
      reader.fail(position_of(*t->get("file")), "logging.file",
                  "a log file the node can append to, in an existing folder (" + problem + ")");
  }
  return result;
}

admin_http_settings parse_admin_http(const toml::table& root, toml_reader& reader,
                                     source_marks& marks) {
  admin_http_settings result;
  marks.admin_port.key = "admin_http.port";
  const auto* t = reader.table(root, "", "admin_http");
  if (t == nullptr) {
    return result;
  }
  reader.check_keys(*t, "admin_http", "enabled address port");
  reader.read_bool(*t, "admin_http", "enabled", result.enabled);
  reader.read_string(*t, "admin_http", "address", result.address);
  if (result.enabled) {
    reader.require(*t, "admin_http", "port");
  }
  // 0 lets the OS choose (the node prints the port), as for listeners.
  if (reader.read_integer(*t, "admin_http", "port", result.port, 0, 65535) && result.enabled) {
    marks.admin_port.at = position_of(*t->get("port"));
  }
  return result;
}

} // namespace switchyard::config::detail
