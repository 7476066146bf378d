#include "config/detail/parse_networks.hpp"

#include "config/detail/parse_codec.hpp"
#include "config/detail/parse_policies.hpp"
#include "config/detail/parse_routing.hpp"
#include "config/detail/parse_rules.hpp"
#include "config/detail/parse_tls.hpp"
#include "config/detail/parse_transform.hpp"

#include <algorithm>
#include <cctype>

namespace switchyard::config::detail {

namespace {

constexpr std::string_view network_keys
  = "name node protocol dialect framing header_bytes hosts pool_size pool_overflow "
    "pool_overflow_idle_ms pool_max_age_ms connect_timeout_ms "
    "timeout_ms echo_interval_ms sign_on match_fields stan_range stan_memory_ms "
    "max_owed_reversals max_unwritten_bytes forward_journal path pipeline_depth method_timeouts_ms "
    "max_response_bytes "
    "fallbacks load_balancing rules tls bin_table bin_table_priority "
    "health_check circuit_breaker retry hedging transform";

constexpr std::string_view iso8583_connection_keys
  = "echo_interval_ms sign_on match_fields stan_range stan_memory_ms max_owed_reversals "
    "max_unwritten_bytes forward_journal bin_table bin_table_priority";

constexpr std::string_view jsonrpc_connection_keys
  = "path pipeline_depth method_timeouts_ms max_response_bytes";

// Per-method timeouts of a JSON-RPC network: { eth_getLogs = 60000, ... }.
void parse_method_timeouts(const toml::table& t, const std::string& path, toml_reader& reader,
                           network_settings& out) {
  const auto* node = t.get("method_timeouts_ms");
  if (node == nullptr) {
    return;
  }
  auto key = join(path, "method_timeouts_ms");
  const auto* table = node->as_table();
  if (table == nullptr) {
    reader.fail(position_of(*node), key,
                "a table of method names and timeouts, e.g. { eth_getLogs = 60000 }");
    return;
  }
  for (const auto& [method, value] : *table) {
    std::int64_t ms = 0;
    if (reader.read_integer(value, join(key, std::string{method.str()}), ms, 1, 86400000)) {
      out.method_timeouts_ms[std::string{method.str()}] = static_cast<std::uint32_t>(ms);
    }
  }
}

void parse_jsonrpc_connection(const toml::table& t, const std::string& path, toml_reader& reader,
                              network_settings& out) {
  if (reader.read_string(t, path, "path", out.path) && !out.path.starts_with('/')) {
    reader.fail(position_of(*t.get("path")), join(path, "path"), "an HTTP path starting with '/'");
  }
  reader.read_integer(t, path, "pipeline_depth", out.pipeline_depth, 1, 1024);
  reader.read_integer(t, path, "max_response_bytes", out.max_response_bytes, 1024);
  parse_method_timeouts(t, path, reader, out);
}

// Host names are case-insensitive (RFC 4343); addresses are compared as written.
bool equal_ignoring_case(std::string_view x, std::string_view y) {
  return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a))
                  == std::tolower(static_cast<unsigned char>(b));
         });
}

std::optional<host_settings> parse_host(const toml::table& t, const std::string& path,
                                        toml_reader& reader) {
  reader.check_keys(t, path, "address port weight");
  host_settings result;
  bool has_address
    = reader.require(t, path, "address") && reader.read_string(t, path, "address", result.address);
  bool has_port = reader.require(t, path, "port")
                  && reader.read_integer(t, path, "port", result.port, 1, 65535);
  reader.read_integer(t, path, "weight", result.weight, 1);
  if (!has_address || !has_port) {
    return std::nullopt;
  }
  return result;
}

void parse_hosts(const toml::table& t, const std::string& path, toml_reader& reader,
                 std::vector<host_settings>& out) {
  if (!reader.require(t, path, "hosts")) {
    return;
  }
  std::vector<std::string> paths;
  for (const auto& [host_path, host] : reader.tables(t, path, "hosts")) {
    auto x = parse_host(*host, host_path, reader);
    if (!x) {
      continue;
    }
    // A host listed twice gets two pools and twice the share of traffic, and its health and
    // breaker are split: the weight says how much traffic a host takes.
    auto same = std::find_if(out.begin(), out.end(), [&](const host_settings& y) {
      return y.port == x->port && equal_ignoring_case(y.address, x->address);
    });
    if (same != out.end()) {
      reader.fail(position_of(*host), host_path,
                  "a host not already listed as " + paths[same - out.begin()] + " (" + x->address
                    + ":" + std::to_string(x->port)
                    + "; to send it more traffic, raise its weight)");
      continue;
    }
    out.push_back(*x);
    paths.push_back(host_path);
  }
  const auto* array = t.get("hosts")->as_array();
  if (array != nullptr && array->empty()) {
    reader.fail(position_of(*array), join(path, "hosts"),
                "at least one host ({address = \"...\", port = ...})");
  }
}

// "LOW-HIGH", six digits each at most, 1 <= LOW <= HIGH <= 999999.
void parse_stan_range(const toml::table& t, const std::string& path, toml_reader& reader,
                      network_settings& out) {
  std::string text;
  if (!reader.read_string(t, path, "stan_range", text))
    return;
  auto dash = text.find('-');
  auto number = [](std::string_view digits, std::uint32_t& value) {
    if (digits.empty() || digits.size() > 6
        || digits.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    value = static_cast<std::uint32_t>(std::stoul(std::string{digits}));
    return value >= 1;
  };
  std::uint32_t low = 0;
  std::uint32_t high = 0;
  if (dash == std::string::npos || !number(std::string_view{text}.substr(0, dash), low)
      || !number(std::string_view{text}.substr(dash + 1), high) || low > high) {
    reader.fail(
      position_of(*t.get("stan_range")), join(path, "stan_range"),
      R"(a range of STANs "LOW-HIGH" within 1..999999, LOW <= HIGH (e.g. "800000-899999"))");
    return;
  }
  out.stan_low = low;
  out.stan_high = high;
}

void parse_iso8583_connection(const toml::table& t, const std::string& path, toml_reader& reader,
                              network_settings& out) {
  reader.read_integer(t, path, "echo_interval_ms", out.echo_interval_ms, 1);
  reader.read_bool(t, path, "sign_on", out.sign_on);
  parse_stan_range(t, path, reader, out);
  reader.read_integer(t, path, "stan_memory_ms", out.stan_memory_ms, 1000);
  reader.read_integer(t, path, "max_owed_reversals", out.max_owed_reversals, 1);
  // Room for a few of the largest frames: a smaller bound would refuse a lone request.
  reader.read_integer(t, path, "max_unwritten_bytes", out.max_unwritten_bytes, 65536);
  reader.read_bool(t, path, "forward_journal", out.forward_journal);
  parse_network_bin_table(t, path, reader, out);
  const auto* fields = reader.array(t, path, "match_fields");
  if (fields == nullptr) {
    return;
  }
  auto fields_path = join(path, "match_fields");
  if (fields->empty()) {
    reader.fail(position_of(*fields), fields_path, "at least one field number");
  }
  out.match_fields.clear();
  for (std::size_t i = 0; i < fields->size(); ++i) {
    std::int64_t field = 0;
    if (reader.read_integer(*fields->get(i), at_index(fields_path, i), field, 1,
                            max_field_number)) {
      out.match_fields.push_back(static_cast<std::uint16_t>(field));
    }
  }
}

void parse_connection(const toml::table& t, const std::string& path,
                      std::optional<protocol_kind> protocol, toml_reader& reader,
                      network_settings& out) {
  parse_codec(t, path, protocol, reader, out);
  parse_hosts(t, path, reader, out.hosts);
  reader.read_integer(t, path, "pool_size", out.pool_size, 1);
  reader.read_integer(t, path, "pool_overflow", out.pool_overflow, 0);
  reader.read_integer(t, path, "pool_overflow_idle_ms", out.pool_overflow_idle_ms, 1);
  reader.read_integer(t, path, "pool_max_age_ms", out.pool_max_age_ms, 0);
  reader.read_integer(t, path, "connect_timeout_ms", out.connect_timeout_ms, 1);
  reader.read_integer(t, path, "timeout_ms", out.timeout_ms, 1);
  check_protocol_only_keys(t, path, protocol, protocol_kind::iso8583, iso8583_connection_keys,
                           reader);
  check_protocol_only_keys(t, path, protocol, protocol_kind::jsonrpc, jsonrpc_connection_keys,
                           reader);
  if (protocol != protocol_kind::jsonrpc) {
    parse_iso8583_connection(t, path, reader, out);
  }
  if (protocol != protocol_kind::iso8583) {
    parse_jsonrpc_connection(t, path, reader, out);
  }
  out.tls = parse_tls(t, path, tls_role::connector, reader);
  parse_transform(t, path, protocol, out.dialect, reader, out.transform);
}

void parse_fallbacks(const toml::table& t, const std::string& path, toml_reader& reader,
                     network_settings& out, network_marks& marks) {
  const auto* fallbacks = reader.array(t, path, "fallbacks");
  if (fallbacks == nullptr) {
    return;
  }
  auto fallbacks_path = join(path, "fallbacks");
  for (std::size_t i = 0; i < fallbacks->size(); ++i) {
    std::string name;
    auto key = at_index(fallbacks_path, i);
    if (reader.read_string(*fallbacks->get(i), key, name)) {
      out.fallbacks.push_back(name);
      marks.fallbacks.push_back({key, position_of(*fallbacks->get(i))});
    }
  }
}

} // namespace

network_settings parse_network(const toml::table& t, const std::string& path, toml_reader& reader,
                               network_marks& marks) {
  reader.check_keys(t, path, network_keys);
  network_settings result;
  marks.name = {join(path, "name"), position_of(t)};
  if (reader.require(t, path, "name") && reader.read_string(t, path, "name", result.name)) {
    marks.name.at = position_of(*t.get("name"));
  }
  reader.read_string(t, path, "node", result.node);
  auto protocol = read_protocol(t, path, reader, result.protocol);
  parse_connection(t, path, protocol, reader, result);
  result.rules = parse_rules(t, path, protocol, reader, marks.rule_bins);
  parse_fallbacks(t, path, reader, result, marks);
  marks.forward_journal.key = join(path, "forward_journal");
  if (const auto* journal = t.get("forward_journal"))
    marks.forward_journal.at = position_of(*journal);
  if (auto balancing = reader.read_enum<balancing_kind>(t, path, "load_balancing")) {
    result.load_balancing = *balancing;
  }
  result.health_check = parse_health_check(t, path, protocol, reader);
  result.breaker = parse_breaker(t, path, reader);
  result.retry = parse_retry(t, path, reader);
  result.hedging = parse_hedging(t, path, protocol, reader);
  return result;
}

void parse_networks(const toml::table& root, toml_reader& reader,
                    std::vector<network_settings>& out, std::vector<network_marks>& marks) {
  for (const auto& [path, t] : reader.tables(root, "", "networks")) {
    marks.emplace_back();
    out.push_back(parse_network(*t, path, reader, marks.back()));
  }
}

} // namespace switchyard::config::detail
