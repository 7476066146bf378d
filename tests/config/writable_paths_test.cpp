#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::temp_directory;

namespace {

// Loads `toml` as the file gw.toml in `dir`, so relative paths resolve against `dir`.
load_result load_in(const temp_directory& dir, const std::string& toml) {
  return load_string(toml, (dir.path() / "gw.toml").string());
}

std::string state_dir_expected(const std::string& problem) {
  return "a folder the node can write reversal journals to (" + problem + ")";
}

std::string log_file_expected(const std::string& problem) {
  return "a log file the node can append to, in an existing folder (" + problem + ")";
}

} // namespace

TEST_SUITE("config writable paths") {
  TEST_CASE("resolves logging.file against the configuration file's folder, like every path") {
    temp_directory dir;
    std::filesystem::create_directories(dir.path() / "logs");
    auto result = load_in(dir, "[logging]\nfile = \"logs/node.log\"\n");
    REQUIRE(result.ok());
    CHECK(result.settings->logging.file == (dir.path() / "logs/node.log").string());
    auto absolute = load_in(dir, "[logging]\nfile = \"" + dir.path().string() + "/n.log\"\n");
    REQUIRE(absolute.ok());
    CHECK(absolute.settings->logging.file == (dir.path() / "n.log").string());
  }

  TEST_CASE("rejects a log file whose folder is missing or is a file, and a log file that is a "
            "folder") {
    temp_directory dir;
    dir.write("plain", "x");
    std::filesystem::create_directories(dir.path() / "logs/node.log");
    auto missing = load_in(dir, "[logging]\nlevel = \"info\"\nfile = \"nowhere/node.log\"\n");
    REQUIRE(missing.errors.size() == 1);
    check_error(
      missing, "logging.file", 3, 8,
      log_file_expected("the folder " + (dir.path() / "nowhere").string() + " does not exist"));
    auto not_folder = load_in(dir, "[logging]\nfile = \"plain/node.log\"\n");
    REQUIRE(not_folder.errors.size() == 1);
    check_error(not_folder, "logging.file", 2, 8,
                log_file_expected((dir.path() / "plain").string() + " is not a folder"));
    auto folder = load_in(dir, "[logging]\nfile = \"logs/node.log\"\n");
    REQUIRE(folder.errors.size() == 1);
    check_error(folder, "logging.file", 2, 8,
                log_file_expected((dir.path() / "logs/node.log").string() + " is a folder"));
  }

  TEST_CASE("accepts a state_dir that exists or can be created, and rejects one a file blocks") {
    temp_directory dir;
    dir.write("blocker", "x");
    CHECK(load_in(dir, "[node]\nstate_dir = \".\"\n").ok());
    CHECK(load_in(dir, "[node]\nstate_dir = \"var/lib/state\"\n").ok());
    auto is_file = load_in(dir, "[node]\nstate_dir = \"blocker\"\n");
    REQUIRE(is_file.errors.size() == 1);
    check_error(is_file, "node.state_dir", 2, 13,
                state_dir_expected((dir.path() / "blocker").string() + " is not a folder"));
    auto below_file = load_in(dir, "[node]\nstate_dir = \"blocker/state\"\n");
    REQUIRE(below_file.errors.size() == 1);
    check_error(below_file, "node.state_dir", 2, 13,
                state_dir_expected((dir.path() / "blocker").string() + " is not a folder, so "
                                   + (dir.path() / "blocker/state").string()
                                   + " cannot be created"));
  }

  TEST_CASE("rejects a state_dir and a log folder the node may not write to") {
    // Root may write anywhere on a writable file system, so only other users can see this.
    if (geteuid() == 0) {
      MESSAGE("running as root: permission bits do not bind, case skipped");
      return;
    }
    temp_directory dir;
    auto locked = dir.path() / "locked";
    std::filesystem::create_directories(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_read
                                           | std::filesystem::perms::owner_exec);
    auto result
      = load_in(dir, "[node]\nstate_dir = \"locked/state\"\n[logging]\nfile = \"locked/n.log\"\n");
    std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
    REQUIRE(result.errors.size() == 2);
    check_error(result, "node.state_dir", 2, 13,
                state_dir_expected("cannot create " + (locked / "state").string() + " in "
                                   + locked.string() + ": Permission denied"));
    check_error(result, "logging.file", 4, 8,
                log_file_expected("cannot create " + (locked / "n.log").string() + " in "
                                  + locked.string() + ": Permission denied"));
  }
}
