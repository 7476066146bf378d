#include "config/detail/parse_listeners.hpp"

#include "config/detail/parse_codec.hpp"
#include "config/detail/parse_tls.hpp"

#include <algorithm>

namespace switchyard::config::detail {

namespace {

constexpr std::string_view listener_keys
  = "name protocol address port dialect framing header_bytes tls max_connections "
    "max_in_flight_per_connection idle_timeout_ms max_frame_bytes";

void parse_limits(const toml::table& t, const std::string& path, toml_reader& reader,
                  listener_settings& out) {
  reader.read_integer(t, path, "max_connections", out.max_connections, 1);
  reader.read_integer(t, path, "max_in_flight_per_connection", out.max_in_flight_per_connection, 1);
  reader.read_integer(t, path, "idle_timeout_ms", out.idle_timeout_ms, 1);
  reader.read_integer(t, path, "max_frame_bytes", out.max_frame_bytes, 1);
}

listener_settings parse_listener(const toml::table& t, const std::string& path, toml_reader& reader,
                                 listener_marks& marks) {
  reader.check_keys(t, path, listener_keys);
  listener_settings result;
  auto protocol = read_protocol(t, path, reader, result.protocol);
  marks.name = {join(path, "name"), position_of(t)};
  if (reader.read_string(t, path, "name", result.name)) {
    marks.name.at = position_of(*t.get("name"));
  }
  reader.read_string(t, path, "address", result.address);
  if (reader.require(t, path, "port")
      && reader.read_integer(t, path, "port", result.port, 0, 65535)) {
    marks.port = {join(path, "port"), position_of(*t.get("port"))};
  }
  parse_codec(t, path, protocol, reader, result);
  result.tls = parse_tls(t, path, tls_role::listener, reader);
  parse_limits(t, path, reader, result);
  return result;
}

bool is_taken(const std::vector<listener_settings>& listeners, const std::string& name) {
  return std::any_of(listeners.begin(), listeners.end(),
                     [&](const auto& x) { return x.name == name; });
}

// Unnamed listeners become "<protocol>-<port>"; a suffix keeps two port-0 listeners apart.
void name_unnamed(std::vector<listener_settings>& listeners) {
  for (auto& listener : listeners) {
    if (!listener.name.empty()) {
      continue;
    }
    auto base = std::string{to_string(listener.protocol)} + '-' + std::to_string(listener.port);
    auto name = base;
    for (int suffix = 2; is_taken(listeners, name); ++suffix) {
      name = base + '-' + std::to_string(suffix);
    }
    listener.name = name;
  }
}

} // namespace

void parse_listeners(const toml::table& root, toml_reader& reader,
                     std::vector<listener_settings>& out, std::vector<listener_marks>& marks) {
  for (const auto& [path, t] : reader.tables(root, "", "listeners")) {
    marks.emplace_back();
    out.push_back(parse_listener(*t, path, reader, marks.back()));
  }
  name_unnamed(out);
}

} // namespace switchyard::config::detail
