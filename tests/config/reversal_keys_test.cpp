// The keys that keep reversals safe: the journal's key file, the forward journal, STANs the
// switch assigns and the bound on owed advices.

#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::error_for;
using switchyard::config::test::load;
using switchyard::config::test::temp_directory;
namespace fs = std::filesystem;

namespace {

std::string network(const std::string& extra) {
  return "[[networks]]\nname = \"visa\"\nprotocol = \"iso8583\"\n"
         "hosts = [{ address = \"127.0.0.1\", port = 9583 }]\n"
         + extra;
}

load_result load_with_key(temp_directory& dir, const std::string& key_text, fs::perms perms) {
  auto key = dir.write("state.key", key_text);
  fs::permissions(key, perms);
  return load_string("[node]\nstate_dir = \"state\"\nstate_key_file = \"state.key\"\n",
                     (dir.path() / "gw.toml").string());
}

constexpr auto owner_only = fs::perms::owner_read | fs::perms::owner_write;

} // namespace

TEST_SUITE("config reversal keys") {
  TEST_CASE("reads the network's STAN range, memory, bound on owed advices and forward journal") {
    auto result = load("[node]\nstate_dir = \"/tmp/x\"\n"
                       + network("stan_range = \"700000-700999\"\nstan_memory_ms = 60000\n"
                                 "max_owed_reversals = 500\nforward_journal = true\n"));
    REQUIRE(result.ok());
    const auto& n = result.settings->networks.at(0);
    CHECK(n.stan_low == 700000);
    CHECK(n.stan_high == 700999);
    CHECK(n.stan_memory_ms == 60000);
    CHECK(n.max_owed_reversals == 500);
    CHECK(n.forward_journal);
  }

  TEST_CASE("defaults keep switch STANs apart from terminals' and the forward journal off") {
    auto result = load(network(""));
    REQUIRE(result.ok());
    const auto& n = result.settings->networks.at(0);
    CHECK(n.stan_low == 800000);
    CHECK(n.stan_high == 899999);
    CHECK(n.max_owed_reversals == 100000);
    CHECK_FALSE(n.forward_journal);
  }

  TEST_CASE("a STAN range must be LOW-HIGH within 1..999999") {
    for (auto bad : {"\"900-100\"", "\"0-10\"", "\"1-1000000\"", "\"abc\"", "\"5\""}) {
      auto result = load(network(std::string{"stan_range = "} + bad + "\n"));
      INFO(std::string{bad});
      check_error(
        result, "networks[0].stan_range", 5, 14,
        R"(a range of STANs "LOW-HIGH" within 1..999999, LOW <= HIGH (e.g. "800000-899999"))");
    }
  }

  TEST_CASE("the forward journal needs a state_dir to keep it in") {
    auto result = load(network("forward_journal = true\n"));
    check_error(result, "networks[0].forward_journal", 5, 19,
                "node.state_dir to be set (the forward journal is kept there)");
  }

  TEST_CASE("max_unwritten_bytes is read, defaults to 1 MiB and must be at least 64 KiB") {
    auto set = load(network("max_unwritten_bytes = 262144\n"));
    REQUIRE(set.ok());
    CHECK(set.settings->networks.at(0).max_unwritten_bytes == 262144);
    auto unset = load(network(""));
    REQUIRE(unset.ok());
    CHECK(unset.settings->networks.at(0).max_unwritten_bytes == 1048576);
    auto small = load(network("max_unwritten_bytes = 4096\n"));
    CHECK(error_for(small, "networks[0].max_unwritten_bytes").line == 5);
  }

  TEST_CASE("max_owed_reversals must be at least 1") {
    auto result = load(network("max_owed_reversals = 0\n"));
    CHECK(error_for(result, "networks[0].max_owed_reversals").line == 5);
  }

  TEST_CASE("a key file of 64 hex digits readable by its owner only is accepted") {
    temp_directory dir;
    auto result = load_with_key(dir, std::string(64, 'f') + "\n", owner_only);
    REQUIRE(result.ok());
    CHECK(result.settings->node.state_key_file == (dir.path() / "state.key").string());
  }

  TEST_CASE("a key file others may read is refused with the command that fixes it") {
    temp_directory dir;
    auto result = load_with_key(dir, std::string(64, 'f'), owner_only | fs::perms::group_read);
    auto error = error_for(result, "node.state_key_file");
    CHECK(error.line == 3);
    CHECK(error.expected.find("chmod 600") != std::string::npos);
  }

  TEST_CASE("a key file that is not 64 hex digits is refused") {
    for (auto text : {std::string(63, 'a'), std::string(64, 'g'), std::string(64, 'a') + " x"}) {
      temp_directory dir;
      auto result = load_with_key(dir, text, owner_only);
      INFO(text);
      auto error = error_for(result, "node.state_key_file");
      CHECK(error.expected.find("64 hex digits") != std::string::npos);
    }
  }

  TEST_CASE("a missing key file is named with the path it was resolved to") {
    temp_directory dir;
    auto result = load_string("[node]\nstate_key_file = \"nowhere.key\"\n",
                              (dir.path() / "gw.toml").string());
    auto error = error_for(result, "node.state_key_file");
    CHECK(error.expected.find((dir.path() / "nowhere.key").string()) != std::string::npos);
  }

  TEST_CASE("JSON-RPC networks have no reversal keys") {
    auto result = load("[[networks]]\nname = \"eth\"\nprotocol = \"jsonrpc\"\n"
                       "hosts = [{ address = \"127.0.0.1\", port = 8545 }]\n"
                       "forward_journal = true\n");
    CHECK(error_for(result, "networks[0].forward_journal").line == 5);
  }
}
