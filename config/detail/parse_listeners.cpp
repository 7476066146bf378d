#include "config/detail/parse_listeners.hpp"

#include "config/detail/parse_codec.hpp"
#include "config/detail/parse_tls.hpp"

#include <algorithm>
#include <array>

namespace switchyard::config::detail {

namespace {

constexpr std::string_view listener_keys
  = "name protocol address port dialect framing header_bytes tls max_connections "
    "max_in_flight_per_connection idle_timeout_ms max_frame_bytes read_timeout_ms cors_origins "
    "network_management";

constexpr std::string_view jsonrpc_listener_keys = "read_timeout_ms cors_origins";

constexpr std::string_view iso8583_listener_keys = "network_management";

// In the order of network_management_kind.
constexpr std::array<std::string_view, 2> network_management_names = {"local", "route"};

// The origins a browser may call a JSON-RPC listener from: exact origins or "*".
void parse_cors_origins(const toml::table& t, const std::string& path, toml_reader& reader,
                        listener_settings& out) {
  const auto* origins = reader.array(t, path, "cors_origins");
  if (origins == nullptr) {
    return;
  }
  auto origins_path = join(path, "cors_origins");
  for (std::size_t i = 0; i < origins->size(); ++i) {
    std::string origin;
    auto key = at_index(origins_path, i);
    if (!reader.read_string(*origins->get(i), key, origin)) {
      continue;
    }
    if (origin != "*" && origin.find("://") == std::string::npos) {
      reader.fail(position_of(*origins->get(i)), key,
                  "\"*\" or an origin such as \"https://app.example.com\"");
      continue;
    }
    out.cors_origins.push_back(origin);
  }
}

void parse_limits(const toml::table& t, const std::string& path, toml_reader& reader,
                  listener_settings& out) {
  reader.read_integer(t, path, "max_connections", out.max_connections, 1);
  reader.read_integer(t, path, "max_in_flight_per_connection", out.max_in_flight_per_connection, 1);
  reader.read_integer(t, path, "idle_timeout_ms", out.idle_timeout_ms, 1);
  reader.read_integer(t, path, "max_frame_bytes", out.max_frame_bytes, 1);
  reader.read_integer(t, path, "read_timeout_ms", out.read_timeout_ms, 1);
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
  // A JSON-RPC body (a batch of calls) is far larger than an ISO 8583 frame.
  if (result.protocol == protocol_kind::jsonrpc)
    result.max_frame_bytes = 1024 * 1024;
  result.tls = parse_tls(t, path, tls_role::listener, reader);
  parse_limits(t, path, reader, result);
  check_protocol_only_keys(t, path, protocol, protocol_kind::jsonrpc, jsonrpc_listener_keys,
                           reader);
  check_protocol_only_keys(t, path, protocol, protocol_kind::iso8583, iso8583_listener_keys,
                           reader);
  if (result.protocol == protocol_kind::iso8583) {
    if (auto kind = reader.read_choice(t, path, "network_management", network_management_names))
      result.network_management = static_cast<network_management_kind>(*kind);
  }
  if (result.protocol == protocol_kind::jsonrpc) {
    parse_cors_origins(t, path, reader, result);
  }
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
