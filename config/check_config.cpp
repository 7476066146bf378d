#include "config/check_config.hpp"

#include "config/loader.hpp"

#include <ostream>
#include <sstream>

namespace switchyard::config {

namespace {

std::string plural(std::size_t n, const char* noun) {
  return std::to_string(n) + ' ' + noun + (n == 1 ? "" : "s");
}

// ", transforms: 2 request, 1 response" for a network with transformations, else nothing.
std::string transform_summary(const network_settings& n) {
  if (n.transform.empty())
    return {};
  return ", transforms: " + std::to_string(n.transform.request.size()) + " request, "
         + std::to_string(n.transform.response.size()) + " response";
}

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) {
    return "none";
  }
  std::string result;
  for (const auto& name : names) {
    result += (result.empty() ? "" : ", ") + name;
  }
  return result;
}

void print_summary(const gateway_settings& settings, std::ostream& out) {
  out << settings.source_file << ": OK\n";
  out << "node " << settings.node.name << ", cluster on " << settings.node.cluster_address << ':'
      << settings.node.cluster_port << ", "
      << plural(settings.node.scheduler_threads, "scheduler thread") << '\n';
  for (const auto& x : settings.listeners) {
    out << "listener " << x.name << ": " << to_string(x.protocol) << " on " << x.address << ':'
        << x.port << (x.tls.enabled ? " (TLS)" : "") << '\n';
  }
  for (const auto& x : settings.networks) {
    out << "network " << x.name << ": " << to_string(x.protocol) << ", "
        << plural(x.hosts.size(), "host") << ", " << plural(x.rules.size(), "rule")
        << ", fallbacks: " << join_names(x.fallbacks)
        << (x.bin_table.empty() ? "" : ", BIN table " + x.bin_table) << transform_summary(x)
        << '\n';
  }
  if (!settings.routing.bin_table.empty()) {
    out << "routing: BIN table " << settings.routing.bin_table << " at priority "
        << settings.routing.bin_table_priority << '\n';
  }
  if (settings.admin_http.enabled) {
    out << "admin http on " << settings.admin_http.address << ':' << settings.admin_http.port
        << '\n';
  }
}

} // namespace

int check_config(const std::string& path, std::ostream& out, std::ostream& err,
                 const settings_check& extra) {
  auto result = load_file(path);
  std::ostringstream notes;
  if (result.ok() && extra)
    result.errors = extra(*result.settings, notes);
  if (!result.ok()) {
    for (const auto& error : result.errors) {
      err << to_string(error) << '\n';
    }
    err << plural(result.errors.size(), "error") << " in " << path << '\n';
    return 1;
  }
  print_summary(*result.settings, out);
  out << notes.str();
  return 0;
}

int check_config(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                 const settings_check& extra) {
  // Every file is checked even after a failure, so one run lists all that needs fixing.
  int result = 0;
  for (const auto& path : paths) {
    if (check_config(path, out, err, extra) != 0)
      result = 1;
  }
  return result;
}

} // namespace switchyard::config
