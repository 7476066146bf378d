#include "config/check_config.hpp"
#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::temp_directory;

namespace {

constexpr std::string_view visa_network = R"(
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
)";

load_result load_in(const temp_directory& dir, std::string_view toml) {
  return load_string(toml, (dir.path() / "gw.toml").string());
}

} // namespace

TEST_SUITE("config BIN table keys") {
  TEST_CASE("BIN table files resolve against the configuration's folder, priorities default to "
            "100") {
    temp_directory dir;
    dir.write("bins/node.csv", "");
    dir.write("bins/visa.csv", "");
    auto result = load_in(dir, std::string{"[routing]\nbin_table = \"bins/node.csv\"\n"}
                                 + std::string{visa_network}
                                 + "bin_table = \"bins/visa.csv\"\nbin_table_priority = 40\n");
    for (const auto& e : result.errors)
      INFO(to_string(e));
    REQUIRE(result.ok());
    const auto& s = *result.settings;
    CHECK(s.routing.bin_table == (dir.path() / "bins/node.csv").string());
    CHECK(s.routing.bin_table_priority == 100);
    CHECK(s.networks[0].bin_table == (dir.path() / "bins/visa.csv").string());
    CHECK(s.networks[0].bin_table_priority == 40);
  }

  TEST_CASE("a BIN table file that does not exist is named with its key") {
    temp_directory dir;
    auto missing = (dir.path() / "nope.csv").string();
    auto result = load_in(dir, "[routing]\nbin_table = \"nope.csv\"\nbin_table_priority = 7\n"
                                 + std::string{visa_network} + "bin_table = \"nope.csv\"\n");
    check_error(result, "routing.bin_table", 2, 13, "an existing file (" + missing + " not found)");
    check_error(result, "networks[0].bin_table", 9, 13,
                "an existing file (" + missing + " not found)");
  }

  TEST_CASE("[routing] takes only its own keys and a priority that is a number") {
    temp_directory dir;
    auto result
      = load_in(dir, "[routing]\nbin_tables = \"x.csv\"\nbin_table_priority = \"high\"\n");
    CHECK_FALSE(result.ok());
    CHECK(test::error_for(result, "routing.bin_tables").line == 2);
    CHECK(test::error_for(result, "routing.bin_table_priority").line == 3);
  }

  TEST_CASE("a JSON-RPC network has no BIN table") {
    temp_directory dir;
    dir.write("eth.csv", "");
    auto result = load_in(dir, R"(
[[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{address = "h", port = 1}]
bin_table = "eth.csv"
)");
    CHECK_FALSE(result.ok());
    CHECK(test::error_for(result, "networks[0].bin_table").line == 6);
  }

  TEST_CASE("check-config runs the extra check and prints its errors and summary") {
    temp_directory dir;
    dir.write("visa.csv", "");
    auto file = dir.write("gw.toml", std::string{visa_network} + "bin_table = \"visa.csv\"\n");
    std::ostringstream out;
    std::ostringstream err;
    auto failing = [](const gateway_settings& s, std::ostream&) {
      return std::vector<config_error>{{s.networks[0].bin_table, 3, 1, "low", "digits"}};
    };
    CHECK(check_config(file.string(), out, err, failing) == 1);
    CHECK(err.str().find("visa.csv:3:1: low: expected digits\n") != std::string::npos);
    CHECK(err.str().find("1 error in ") != std::string::npos);
    std::ostringstream out2;
    std::ostringstream err2;
    auto passing = [](const gateway_settings&, std::ostream& summary) {
      summary << "BIN tables: 0 ranges\n";
      return std::vector<config_error>{};
    };
    CHECK(check_config(file.string(), out2, err2, passing) == 0);
    CHECK(out2.str().find("BIN table " + (dir.path() / "visa.csv").string()) != std::string::npos);
    CHECK(out2.str().find("BIN tables: 0 ranges\n") != std::string::npos);
  }
}
