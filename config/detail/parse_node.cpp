#include "config/detail/parse_node.hpp"

#include "config/detail/parse_tls.hpp"
#include "config/detail/writable_paths.hpp"
#include "config/patterns.hpp"

#include <array>
#include <filesystem>
#include <fstream>

namespace switchyard::config::detail {

namespace {

constexpr std::int64_t max_threads = 64;

void parse_seeds(const toml::table& t, toml_reader& reader, std::vector<seed_node>& out) {
  const auto* seeds = reader.array(t, "cluster", "seeds");
  if (seeds == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < seeds->size(); ++i) {
    auto key = at_index("cluster.seeds", i);
    std::string text;
    if (!reader.read_string(*seeds->get(i), key, text)) {
      continue;
    }
    if (auto seed = parse_seed(text)) {
      out.push_back(*seed);
    } else {
      reader.fail(position_of(*seeds->get(i)), key,
                  R"("host:port" (or "[v6-address]:port") with a port in 1..65535)");
    }
  }
}

// The key that seals reversal journals: 64 hex digits, readable by its owner only.
void check_key_file(const std::string& file, position at, toml_reader& reader) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto perms = fs::status(file, ec).permissions();
  auto others = fs::perms::group_all | fs::perms::others_all;
  if (!ec && (perms & others) != fs::perms::none) {
    reader.fail(at, "node.state_key_file",
                "a key file readable by its owner only (chmod 600 " + file + ")");
    return;
  }
  std::ifstream in{file};
  std::string text;
  in >> text;
  std::string rest;
  in >> rest;
  if (text.size() != 64 || text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos
      || !rest.empty())
    reader.fail(at, "node.state_key_file",
                "a file holding 64 hex digits, a 256-bit key (e.g. from 'openssl rand -hex 32')");
}

} // namespace

node_settings parse_node(const toml::table& root, toml_reader& reader, source_marks& marks) {
  node_settings result;
  marks.cluster_port.key = "node.cluster_port";
  const auto* t = reader.table(root, "", "node");
  if (t == nullptr) {
    return result;
  }
  reader.check_keys(*t, "node",
                    "name cluster_address cluster_port scheduler_threads scheduler_policy "
                    "io_threads state_dir state_key_file");
  reader.read_string(*t, "node", "name", result.name);
  reader.read_string(*t, "node", "cluster_address", result.cluster_address);
  // Like every file path of the configuration, relative to the configuration's folder.
  if (reader.read_string(*t, "node", "state_dir", result.state_dir)) {
    result.state_dir = reader.resolve(result.state_dir);
    if (auto problem = folder_problem(result.state_dir); !problem.empty())
      reader.fail(position_of(*t->get("state_dir")), "node.state_dir",
                  "a folder the node can write reversal journals to (" + problem + ")");
  }
  if (reader.read_file(*t, "node", "state_key_file", result.state_key_file))
    check_key_file(result.state_key_file, position_of(*t->get("state_key_file")), reader);
  if (reader.read_integer(*t, "node", "cluster_port", result.cluster_port, 0, 65535)) {
    marks.cluster_port.at = position_of(*t->get("cluster_port"));
  }
  reader.read_integer(*t, "node", "scheduler_threads", result.scheduler_threads, 1, max_threads);
  reader.read_integer(*t, "node", "io_threads", result.io_threads, 1, max_threads);
  constexpr std::array<std::string_view, 2> policies{"sharing", "stealing"};
  if (auto policy = reader.read_choice(*t, "node", "scheduler_policy", policies))
    result.scheduler_policy = policies[*policy];
  return result;
}

cluster_settings parse_cluster(const toml::table& root, toml_reader& reader) {
  cluster_settings result;
  const auto* t = reader.table(root, "", "cluster");
  if (t == nullptr) {
    return result;
  }
  reader.check_keys(*t, "cluster",
                    "seeds advertise_address heartbeat_interval_ms connection_timeout_ms tls");
  parse_seeds(*t, reader, result.seeds);
  reader.read_string(*t, "cluster", "advertise_address", result.advertise_address);
  reader.read_integer(*t, "cluster", "heartbeat_interval_ms", result.heartbeat_interval_ms, 1);
  reader.read_integer(*t, "cluster", "connection_timeout_ms", result.connection_timeout_ms, 1);
  result.tls = parse_tls(*t, "cluster", tls_role::cluster, reader);
  return result;
}

} // namespace switchyard::config::detail
