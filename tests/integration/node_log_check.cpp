#include "tests/integration/node_log_check.hpp"

#include "config/loader.hpp"
#include "tests/integration/pan_scan.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace switchyard::testing {

namespace {

namespace fs = std::filesystem;

std::string config_of(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size())
      return args[i + 1];
    if (args[i].starts_with("--config="))
      return args[i].substr(9);
  }
  return {};
}

// The configured log file and what logrotate (or a test) renamed it to: node.log, node.log.1.
std::vector<fs::path> log_files(const std::vector<std::string>& args) {
  auto config = config_of(args);
  std::error_code ec;
  if (config.empty() || !fs::exists(config, ec))
    return {};
  auto loaded = config::load_file(config);
  if (!loaded.ok() || loaded.settings->logging.file.empty())
    return {};
  const fs::path file = loaded.settings->logging.file;
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator{file.parent_path(), ec})
    if (entry.is_regular_file(ec)
        && entry.path().filename().string().starts_with(file.filename().string()))
      out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_all(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void check(const std::string& source, const std::string& text) {
  for (const auto& seen : find_full_pans(text))
    FAIL_CHECK("unmasked PAN " << seen.masked_pan << " in " << source << " line " << seen.line
                               << ": " << seen.masked_line);
}

} // namespace

bool is_node(const std::string& program, const std::vector<std::string>& args) {
  auto named = [](const std::string& path) {
    return fs::path{path}.filename() == "switchyard";
  };
  return named(program) || std::any_of(args.begin(), args.end(), named);
}

void check_node_logs(const std::vector<std::string>& args, const std::string& output) {
  // Outside a test case (static teardown) doctest has nowhere to record a failure.
  if (!doctest::is_running_in_test)
    return;
  check("the node's standard output and error", output);
  for (const auto& file : log_files(args))
    check(file.string(), read_all(file));
}

} // namespace switchyard::testing
