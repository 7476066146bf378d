#include "config/network_snippet.hpp"

#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace switchyard::config;
using switchyard::config::test::temp_directory;

namespace {

constexpr std::string_view running_toml = R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{ address = "127.0.0.1", port = 9583 }]
rules = [{ priority = 10, bin_range = "400000-499999" }]

[[networks]]
name = "mastercard"
protocol = "iso8583"
hosts = [{ address = "127.0.0.1", port = 9584 }]
rules = [{ priority = 10, bin_range = "510000-559999" }]
fallbacks = ["visa"]

[[networks]]
name = "amex"
protocol = "iso8583"
hosts = [{ address = "127.0.0.1", port = 9585 }]
rules = [{ priority = 10, bin_range = "340000-349999" }]
fallbacks = ["visa", "mastercard"]

[[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{ address = "127.0.0.1", port = 9545 }]
rules = [{ method = "eth_*" }]
)";

// A node's configuration folder with a dialect file and a CA bundle, and the settings it runs.
struct running_node {
  temp_directory dir;
  gateway_settings settings;

  running_node() {
    dir.write("dialects/acme.toml", "");
    dir.write("tls/ca.pem", "ca");
    auto result = load_string(running_toml, (dir.path() / "gw.toml").string());
    REQUIRE(result.ok());
    settings = *result.settings;
  }

  snippet_result add(std::string_view toml) const {
    return parse_network_snippet(toml, "snippet.toml", settings, snippet_mode::add);
  }

  snippet_result update(std::string_view toml) const {
    return parse_network_snippet(toml, "snippet.toml", settings, snippet_mode::update);
  }

  std::string file(const std::string& name) const { return (dir.path() / name).string(); }
};

std::string all_errors(const std::vector<config_error>& errors) {
  std::string result;
  for (const auto& error : errors)
    result += to_string(error) + '\n';
  return result;
}

void require_ok(const snippet_result& result) {
  INFO(all_errors(result.errors));
  REQUIRE(result.ok());
  REQUIRE(result.settings.has_value());
}

// Checks that `result` holds exactly one error, for `key` at `line`:`column` of the snippet.
void check_only_error(const snippet_result& result, std::string_view key, int line, int column,
                      std::string_view expected) {
  INFO("reported: ", all_errors(result.errors));
  CHECK_FALSE(result.network.has_value());
  CHECK_FALSE(result.settings.has_value());
  REQUIRE(result.errors.size() == 1);
  const auto& error = result.errors.front();
  CHECK(error.file == "snippet.toml");
  CHECK(error.key == key);
  CHECK(error.line == line);
  CHECK(error.column == column);
  CHECK(error.expected == expected);
}

std::string network(const std::string& name, const std::string& extra = "") {
  return "[[networks]]\nname = \"" + name
         + "\"\nprotocol = \"iso8583\"\nhosts = [{ address = \"127.0.0.1\", port = 9600 }]\n"
         + extra;
}

} // namespace

TEST_SUITE("config network snippet") {
  TEST_CASE("adds a network, its relative paths resolved against the node's config folder") {
    running_node node;
    auto result
      = parse_network_snippet(network("discover", R"(dialect = "dialects/acme.toml"
rules = [{ priority = 10, bin_range = "601100-601199" }]
fallbacks = ["visa"]
[networks.tls]
ca = "tls/ca.pem"
)"),
                              "operator/shell/snippet.toml", node.settings, snippet_mode::add);
    require_ok(result);
    CHECK(result.network->dialect == node.file("dialects/acme.toml"));
    CHECK(result.network->tls.ca == node.file("tls/ca.pem"));
    const auto& networks = result.settings->networks;
    REQUIRE(networks.size() == 5);
    CHECK(networks.back() == *result.network);
    for (std::size_t i = 0; i < 4; ++i)
      CHECK(networks[i] == node.settings.networks[i]);
  }

  TEST_CASE("updates a running network in place") {
    running_node node;
    auto result = node.update(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{ address = "10.0.0.1", port = 9583 }, { address = "10.0.0.2", port = 9583 }]
timeout_ms = 15000
rules = [{ priority = 10, bin_range = "400000-499999" }]
)");
    require_ok(result);
    CHECK(result.network->hosts.size() == 2);
    CHECK(result.network->timeout_ms == 15000);
    auto expected = node.settings;
    expected.networks[0] = *result.network;
    CHECK(*result.settings == expected);
  }

  TEST_CASE("accepts a single [network] table and names its keys after it") {
    running_node node;
    require_ok(node.add("[network]\nname = \"discover\"\nprotocol = \"iso8583\"\n"
                        "hosts = [{ address = \"127.0.0.1\", port = 9600 }]\n"));
    check_only_error(node.add("[network]\nname = \"discover\"\nprotocol = \"iso8583\"\n"
                              "hosts = [{ address = \"127.0.0.1\", port = 0 }]\n"),
                     "network.hosts[0].port", 4, 42, "an integer in 1..65535");
  }

  TEST_CASE("refuses to add a network whose name runs") {
    running_node node;
    check_only_error(node.add(network("visa")), "networks[0].name", 2, 8,
                     "the name of a network not running yet (network 'visa' exists; use "
                     "update-network)");
  }

  TEST_CASE("refuses to update a network that does not run") {
    running_node node;
    check_only_error(node.update(network("discover")), "networks[0].name", 2, 8,
                     "the name of a running network (no network 'discover' runs; use "
                     "add-network)");
  }

  TEST_CASE("refuses a snippet without a network") {
    running_node node;
    check_only_error(node.add("# nothing\n"), "networks", 1, 1,
                     "one [[networks]] entry in a network snippet (found none)");
    check_only_error(node.add("\nnetworks = []\n"), "networks", 2, 12,
                     "one [[networks]] entry in a network snippet");
  }

  TEST_CASE("refuses a snippet with several networks") {
    running_node node;
    check_only_error(node.add(network("discover") + "\n" + network("diners")), "networks[1]", 6, 1,
                     "one network per snippet (found 2; send each network on its own)");
  }

  TEST_CASE("refuses any other top-level table or key, naming where it belongs") {
    running_node node;
    check_only_error(node.add("[node]\nname = \"sw-9\"\n\n" + network("discover")), "node", 1, 2,
                     "nothing but one [[networks]] entry in a network snippet ([node] belongs in "
                     "the config file)");
    check_only_error(node.add(network("discover") + "\n[[listeners]]\nprotocol = \"iso8583\"\n"),
                     "listeners", 6, 3,
                     "nothing but one [[networks]] entry in a network snippet ([[listeners]] "
                     "belongs in the config file)");
    check_only_error(
      node.add(network("discover") + "[routing]\nbin_table_priority = 5\n"), "routing", 5, 2,
      "nothing but one [[networks]] entry in a network snippet ([routing] belongs in "
      "the config file)");
    check_only_error(node.add("colour = \"red\"\n" + network("discover")), "colour", 1, 1,
                     "nothing but one [[networks]] entry in a network snippet (the config file "
                     "has no key 'colour')");
  }

  TEST_CASE("refuses to change a running network's protocol") {
    running_node node;
    check_only_error(node.update(R"([[networks]]
name = "visa"
protocol = "jsonrpc"
hosts = [{ address = "127.0.0.1", port = 9583 }]
)"),
                     "networks[0].protocol", 3, 12,
                     "protocol = \"iso8583\" as network 'visa' runs with (a protocol cannot "
                     "change; remove the network and add it anew)");
  }

  TEST_CASE("checks fallbacks against the running networks") {
    running_node node;
    check_only_error(node.add(network("discover", "fallbacks = [\"visa\", \"diners\"]\n")),
                     "networks[0].fallbacks[1]", 5, 22,
                     "the name of a configured network (no network is named \"diners\")");
    check_only_error(node.add(network("discover", "fallbacks = [\"eth\"]\n")),
                     "networks[0].fallbacks[0]", 5, 14,
                     "a network with protocol = \"iso8583\" (\"eth\" speaks jsonrpc)");
  }

  TEST_CASE("reports a BIN overlap with a running network on the snippet's rule") {
    running_node node;
    check_only_error(
      node.add(network("discover", "rules = [{ priority = 10, bin_range = \"450000-459999\" }]\n")),
      "networks[0].rules[0].bin_range", 5, 39,
      "a BIN range that no rule of another network covers at the same priority (10): "
      "networks[0].rules[0].bin_range in the running configuration (\"visa\", 400000-499999) "
      "overlaps it, so the order of the networks in the file would pick the route; give one of "
      "the rules another priority");
    // visa comes before mastercard in the running order, yet the snippet's rule is named.
    check_only_error(
      node.update(network("visa", "rules = [{ priority = 10, bin_range = \"400000-519999\" }]\n")),
      "networks[0].rules[0].bin_range", 5, 39,
      "a BIN range that no rule of another network covers at the same priority (10): "
      "networks[1].rules[0].bin_range in the running configuration (\"mastercard\", "
      "510000-559999) overlaps it, so the order of the networks in the file would pick the "
      "route; give one of the rules another priority");
  }

  TEST_CASE("checks dialect and TLS files in the node's config folder") {
    running_node node;
    check_only_error(node.add(network("discover", "dialect = \"dialects/missing.toml\"\n")),
                     "networks[0].dialect", 5, 11,
                     R"("iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap" or the path )"
                     "of an existing .toml dialect file ("
                       + node.file("dialects/missing.toml") + " not found)");
    check_only_error(node.add(network("discover", "[networks.tls]\nca = \"tls/missing.pem\"\n")),
                     "networks[0].tls.ca", 6, 6,
                     "an existing file (" + node.file("tls/missing.pem") + " not found)");
  }

  TEST_CASE("checks what a network needs from the node's settings") {
    running_node node;
    check_only_error(node.add(network("discover", "forward_journal = true\n")),
                     "networks[0].forward_journal", 5, 19,
                     "node.state_dir to be set (the forward journal is kept there)");
  }

  TEST_CASE("reports TOML syntax errors with the snippet's line") {
    running_node node;
    auto result = node.add("[[networks]]\nname = \"discover\n");
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].file == "snippet.toml");
    CHECK(result.errors[0].line == 2);
    CHECK(result.errors[0].expected.starts_with("valid TOML"));
  }

  TEST_CASE("refuses to remove a network others fall back to, naming them") {
    running_node node;
    auto errors = validate_removal(node.settings, "visa");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == node.settings.source_file);
    CHECK(errors[0].key == "networks[0]");
    CHECK(errors[0].expected
          == "a network no other network falls back to ('mastercard' and 'amex' name 'visa' in "
             "fallbacks; take it out of them first)");
    errors = validate_removal(node.settings, "mastercard");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].expected
          == "a network no other network falls back to ('amex' names 'mastercard' in "
             "fallbacks; take it out of them first)");
  }

  TEST_CASE("allows removing a network no other falls back to, and no unknown one") {
    running_node node;
    CHECK(validate_removal(node.settings, "eth").empty());
    auto errors = validate_removal(node.settings, "diners");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].key == "networks");
    CHECK(errors[0].expected == "the name of a running network (no network 'diners' runs)");
    auto removed = with_network_removed(node.settings, "eth");
    REQUIRE(removed.networks.size() == 3);
    CHECK(removed.networks.back().name == "amex");
  }
}
