// A real node's log file: where a relative path puts it, reopening it on SIGHUP as logrotate
// expects, and refusing to start when it cannot be written.

#include "tests/integration/child_process.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using switchyard::testing::child_process;
using switchyard::testing::run;

namespace fs = std::filesystem;

namespace {

const std::string bin_dir = SWITCHYARD_BIN_DIR;
const std::string node_bin = bin_dir + "/switchyard";
const std::string shell_bin = bin_dir + "/switchyard-shell";

// A node's folder in the temp directory: its configuration and its logs, removed at the end.
class node_folder {
public:
  explicit node_folder(const std::string& toml) {
    std::random_device seed;
    path_ = fs::temp_directory_path() / ("switchyard-log-test-" + std::to_string(seed()));
    fs::create_directories(path_);
    std::ofstream{config()} << toml;
  }

  ~node_folder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }

  node_folder(const node_folder&) = delete;
  node_folder& operator=(const node_folder&) = delete;

  std::string config() const { return (path_ / "gw.toml").string(); }

  fs::path operator/(const std::string& name) const { return path_ / name; }

private:
  fs::path path_;
};

// At debug level the connector logs each failed connect to the closed port, about once a
// second: lines that keep coming without any traffic.
constexpr const char* node_with_log_file = R"([node]
name = "log-node"
cluster_port = 0

[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{ address = "127.0.0.1", port = 9 }]
rules = [{ bin_range = "400000-499999" }]

[logging]
level = "debug"
file = "logs/node.log"
)";

std::string read_file(const fs::path& path) {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Polls every 20 ms, 5 s at most, until `done` holds.
bool eventually(const std::function<bool()>& done) {
  for (auto deadline = std::chrono::steady_clock::now() + 5s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms))
    if (done())
      return true;
  return done();
}

std::string admin_endpoint(child_process& node) {
  auto line = node.wait_for_line("admin on", 15s);
  REQUIRE_MESSAGE(line.has_value(), "node output: " << node.output());
  std::smatch m;
  REQUIRE(std::regex_search(*line, m, std::regex{R"(admin on (\S+:\d+))"}));
  return m[1];
}

} // namespace

TEST_SUITE("node logging") {
  TEST_CASE("SIGHUP reopens the log file at its configured path after a rename and nothing else") {
    node_folder folder{node_with_log_file};
    fs::create_directories(folder / "logs");
    auto log = folder / "logs/node.log";
    auto rotated = folder / "logs/node.log.1";
    child_process node{node_bin, {"--config", folder.config()}};
    auto endpoint = admin_endpoint(node);
    // The relative path names a file beside the configuration, not in the working directory.
    REQUIRE(eventually([&] { return !read_file(log).empty(); }));
    fs::rename(log, rotated);
    node.signal(SIGHUP);
    INFO("node output: ", node.output());
    CHECK(eventually(
      [&] { return read_file(log).find("SIGHUP: log file reopened") != std::string::npos; }));
    CHECK(eventually([&] { return read_file(log).find("cannot connect") != std::string::npos; }));
    CHECK_FALSE(node.wait(200ms).has_value());
    auto status = run(shell_bin, {"--connect", endpoint, "status"}, 10s);
    CHECK(status.exit_code == 0);
    CHECK(status.output.find("node log-node") != std::string::npos);
    node.signal(SIGTERM);
    CHECK(node.wait(5s) == std::optional<int>{0});
    auto fresh = read_file(log);
    CHECK(fresh.find("SIGTERM: stopping") != std::string::npos);
    auto old = read_file(rotated);
    CHECK_FALSE(old.empty());
    CHECK(old.find("SIGHUP") == std::string::npos);
    CHECK(old.find("SIGTERM") == std::string::npos);
  }

  TEST_CASE("a node whose log folder is missing does not start and names file, line and key") {
    node_folder folder{node_with_log_file};
    auto r = run(node_bin, {"--config", folder.config()}, 10s);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find(folder.config()
                        + ":13:8: logging.file: expected a log file the node can "
                          "append to, in an existing folder (the folder "
                        + (folder / "logs").string() + " does not exist)")
          != std::string::npos);
  }
}
