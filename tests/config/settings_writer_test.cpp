#include "config/settings_writer.hpp"

#include "config/loader.hpp"
#include "config/network_snippet.hpp"
#include "tests/config/config_test_support.hpp"
#include "tests/config/every_key_config.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace switchyard::config;
using switchyard::config::test::load;
using switchyard::config::test::temp_directory;
using namespace switchyard::config::test;
namespace fs = std::filesystem;

namespace {

std::string all_errors(const std::vector<config_error>& errors) {
  std::string result;
  for (const auto& error : errors)
    result += to_string(error) + '\n';
  return result;
}

void require_ok(const load_result& result) {
  INFO(all_errors(result.errors));
  REQUIRE(result.ok());
}

// Loads the written text as a file of another folder, so paths only match when written absolute.
gateway_settings round_trip(const gateway_settings& settings) {
  auto text = to_toml(settings);
  INFO(text);
  auto result = load_string(text, "/nowhere/written/switchyard.toml");
  require_ok(result);
  auto back = *result.settings;
  back.source_file = settings.source_file;
  return back;
}

std::vector<fs::path> configuration_candidates() {
  std::vector<fs::path> result;
  for (const auto* dir : {"config", "tools", "tests"}) {
    for (const auto& entry :
         fs::recursive_directory_iterator{fs::path{SWITCHYARD_SOURCE_DIR} / dir}) {
      if (entry.is_regular_file() && entry.path().extension() == ".toml")
        result.push_back(entry.path());
    }
  }
  return result;
}

} // namespace

TEST_SUITE("config settings writer") {
  TEST_CASE("the bundled configuration loads back equal from the TOML written for it") {
    auto result = load_file(std::string{SWITCHYARD_SOURCE_DIR} + "/config/switchyard.toml");
    require_ok(result);
    CHECK(round_trip(*result.settings) == *result.settings);
  }

  TEST_CASE("every configuration under config/, tools/ and tests/ that loads comes back equal") {
    std::size_t loaded = 0;
    for (const auto& path : configuration_candidates()) {
      auto result = load_file(path.string());
      if (!result.ok())
        continue; // dialect files, fuzz corpora
      INFO(path.string());
      CHECK(round_trip(*result.settings) == *result.settings);
      ++loaded;
    }
    CHECK(loaded >= 1);
  }

  TEST_CASE("a configuration setting every key to a non-default value comes back equal") {
    temp_directory dir;
    auto result = load_string(every_key(dir), (dir.path() / "gw.toml").string());
    require_ok(result);
    const auto& s = *result.settings;
    check_every_key_set(s);
    REQUIRE(s.listeners.size() == 2);
    check_every_listener_key_set(s.listeners[0], s.listeners[1]);
    REQUIRE(s.networks.size() == 3);
    check_every_iso8583_network_key_set(s.networks[0]);
    check_every_policy_key_set(s.networks[0]);
    check_every_rule_key_set(s.networks[0].rules);
    check_every_transform_key_set(s.networks[1].transform);
    check_every_jsonrpc_network_key_set(s.networks[2]);
    CHECK(round_trip(s) == s);
  }

  TEST_CASE("defaults come back equal, with no empty string written for an unset path") {
    auto result = load("");
    require_ok(result);
    auto text = to_toml(*result.settings);
    CHECK(text.find("\"\"") == std::string::npos);
    CHECK(text.find("state_dir") == std::string::npos);
    CHECK(round_trip(*result.settings) == *result.settings);
  }

  TEST_CASE("writes a header comment and the sections in the configuration file's order") {
    temp_directory dir;
    auto result = load_string(every_key(dir), (dir.path() / "gw.toml").string());
    require_ok(result);
    auto text = to_toml(*result.settings);
    CHECK(
      text.starts_with("# Switchyard: the effective configuration of node \"sw \"east\" 1\".\n"));
    std::size_t at = 0;
    for (const auto* header :
         {"\n[node]\n", "\n[cluster]\n", "\n[cluster.tls]\n", "\n[[listeners]]\n",
          "\n[listeners.tls]\n", "\n[[networks]]\n", "\n[networks.health_check]\n",
          "\n[networks.circuit_breaker]\n", "\n[networks.retry]\n", "\n[networks.hedging]\n",
          "\n[networks.tls]\n", "\n[[networks.transform.request]]\n",
          "\n[[networks.transform.response]]\n", "\n[routing]\n", "\n[logging]\n",
          "\n[admin_http]\n"}) {
      INFO(header);
      auto found = text.find(header, at);
      REQUIRE(found != std::string::npos);
      at = found;
    }
  }

  TEST_CASE("writes a network as one [[networks]] entry an operator can read") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{ address = "127.0.0.1", port = 9583 }]
rules = [{ priority = 10, bin_range = "400000-499999" }]
)");
    require_ok(result);
    CHECK(
      to_toml(result.settings->networks.at(0))
      == R"(# Switchyard network "visa": a network snippet, one [[networks]] entry of the configuration file.
# Every key is written out, defaults included; file paths are absolute.

[[networks]]
name = "visa"
protocol = "iso8583"
dialect = "iso87-ascii"
framing = "len2"
header_bytes = 0
hosts = [
  { address = "127.0.0.1", port = 9583, weight = 1 },
]
load_balancing = "round_robin"
pool_size = 4
pool_overflow = 0
pool_overflow_idle_ms = 30000
pool_max_age_ms = 0
connect_timeout_ms = 2000
timeout_ms = 30000
echo_interval_ms = 30000
sign_on = false
match_fields = [11, 41]
stan_range = "800000-899999"
stan_memory_ms = 86400000
max_owed_reversals = 100000
max_unwritten_bytes = 1048576
forward_journal = false
bin_table_priority = 100
rules = [
  { priority = 10, bin_range = "400000-499999" },
]
fallbacks = []

[networks.health_check]
kind = "none"
interval_ms = 5000
jitter_ms = 500
timeout_ms = 2000
healthy_threshold = 2
unhealthy_threshold = 3

[networks.circuit_breaker]
failure_threshold = 5
failure_rate = 0.5
window_size = 20
minimum_requests = 10
recovery_timeout_ms = 10000
half_open_successes = 2

[networks.retry]
max_attempts = 1
base_backoff_ms = 50
max_backoff_ms = 1000
budget_ratio = 0.1
)");
  }

  TEST_CASE("each network written alone is a snippet that reads back equal") {
    temp_directory dir;
    auto result = load_string(every_key(dir), (dir.path() / "gw.toml").string());
    require_ok(result);
    const auto& s = *result.settings;
    for (const auto& network : s.networks) {
      INFO(network.name);
      auto snippet
        = parse_network_snippet(to_toml(network), "snippet.toml", s, snippet_mode::update);
      INFO(all_errors(snippet.errors));
      REQUIRE(snippet.ok());
      CHECK(*snippet.network == network);
      CHECK(*snippet.settings == s);
    }
  }
}
