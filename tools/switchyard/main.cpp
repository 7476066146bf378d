// switchyard: runs a gateway node, or checks a configuration file.

#include "config/check_config.hpp"
#include "core/bin_tables.hpp"
#include "tools/switchyard/run_node.hpp"

#include <chrono>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

constexpr const char* usage = R"(usage:
  switchyard --config FILE [--cluster-port PORT]   run a node
  switchyard check-config FILE...                   validate each FILE, print every error
  switchyard --version | --help
)";

std::optional<std::uint16_t> parse_port(const std::string& text) {
  try {
    std::size_t used = 0;
    auto value = std::stoul(text, &used);
    if (used == text.size() && value <= 65535)
      return static_cast<std::uint16_t>(value);
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// check-config also reads the BIN tables a file names, as the node does at start.
std::vector<switchyard::config::config_error>
check_bin_tables(const switchyard::config::gateway_settings& settings, std::ostream& summary) {
  auto began = std::chrono::steady_clock::now();
  auto loaded = switchyard::core::load_bin_tables(settings);
  if (loaded.errors.empty() && loaded.files > 0) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                    - began)
                .count();
    summary << "BIN tables: " << loaded.ranges << " ranges from " << loaded.files
            << " file(s), loaded in " << ms << " ms\n";
  }
  return std::move(loaded.errors);
}

int fail_usage(const std::string& why) {
  std::cerr << "switchyard: " << why << "\n" << usage;
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "check-config") == 0)
    return switchyard::config::check_config(std::vector<std::string>{argv + 2, argv + argc},
                                            std::cout, std::cerr, check_bin_tables);
  switchyard::node_options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      return 0;
    }
    if (arg == "--version") {
      std::cout << "switchyard " << SWITCHYARD_VERSION << " (" << SWITCHYARD_BUILD << ")\n";
      return 0;
    }
    if (i + 1 >= argc)
      return fail_usage("unknown or incomplete argument '" + arg + "'");
    std::string value = argv[++i];
    if (arg == "--config") {
      options.config_file = value;
    } else if (arg == "--cluster-port") {
      options.cluster_port = parse_port(value);
      if (!options.cluster_port)
        return fail_usage("--cluster-port expects 0..65535, got '" + value + "'");
    } else {
      return fail_usage("unknown argument '" + arg + "'");
    }
  }
  if (options.config_file.empty())
    return fail_usage("--config FILE is required");
  return switchyard::run_node(options);
}
