#include "config/detail/parse_routing.hpp"

namespace switchyard::config::detail {

routing_settings parse_routing(const toml::table& root, toml_reader& reader) {
  routing_settings result;
  const auto* t = reader.table(root, "", "routing");
  if (t == nullptr)
    return result;
  reader.check_keys(*t, "routing", "bin_table bin_table_priority");
  reader.read_file(*t, "routing", "bin_table", result.bin_table);
  reader.read_integer(*t, "routing", "bin_table_priority", result.bin_table_priority);
  return result;
}

void parse_network_bin_table(const toml::table& t, const std::string& path, toml_reader& reader,
                             network_settings& out) {
  reader.read_file(t, path, "bin_table", out.bin_table);
  reader.read_integer(t, path, "bin_table_priority", out.bin_table_priority);
}

} // namespace switchyard::config::detail
