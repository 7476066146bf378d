#include "core/bin_tables.hpp"

#include "tests/config/config_test_support.hpp"
#include "tests/core/routing_table_test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using switchyard::config::gateway_settings;
using switchyard::config::network_settings;
using switchyard::config::protocol_kind;
using switchyard::config::test::temp_directory;
using switchyard::core::load_bin_tables;
using switchyard::core::make_pan_key;
using switchyard::core::test::network;

namespace {

gateway_settings node_with(std::vector<network_settings> networks) {
  gateway_settings s;
  s.networks = std::move(networks);
  return s;
}

network_settings with_table(network_settings n, const std::string& file,
                            std::uint32_t priority = 100) {
  n.bin_table = file;
  n.bin_table_priority = priority;
  return n;
}

std::string rendered(const std::vector<switchyard::config::config_error>& errors) {
  std::string text;
  for (const auto& e : errors)
    text += to_string(e) + "\n";
  return text;
}

} // namespace

TEST_SUITE("bin_tables") {
  TEST_CASE("no table configured loads an empty set") {
    auto loaded = load_bin_tables(node_with({network("visa", {})}));
    REQUIRE(loaded.tables != nullptr);
    CHECK(loaded.tables->empty());
    CHECK(loaded.files == 0);
  }

  TEST_CASE("the node's table and networks' tables of one priority merge into one group") {
    temp_directory dir;
    auto node = dir.write("bins.csv", "400000,449999,visa\n510000,559999,mastercard\n");
    auto visa = dir.write("visa.csv", "450000,499999\n");
    auto amex = dir.write("amex.csv", "340000,349999\n370000,379999\n");
    auto s = node_with({with_table(network("visa", {}), visa.string()), network("mastercard", {}),
                        with_table(network("amex", {}), amex.string(), 50)});
    s.routing.bin_table = node.string();
    auto loaded = load_bin_tables(s);
    INFO(rendered(loaded.errors));
    REQUIRE(loaded.errors.empty());
    CHECK(loaded.files == 3);
    CHECK(loaded.ranges == 5);
    REQUIRE(loaded.tables->size() == 2);
    const auto& first = (*loaded.tables)[0];
    const auto& second = (*loaded.tables)[1];
    CHECK(first.priority == 50);
    CHECK(first.table.size() == 2);
    CHECK(second.priority == 100);
    CHECK(second.table.size() == 3);
    auto found = second.table.find(make_pan_key("4711111111111111"));
    REQUIRE(found.has_value());
    CHECK(second.table.network_name(second.table.at(*found).network) == "visa");
    CHECK(second.table.source_name(second.table.at(*found).source) == visa.string());
  }

  TEST_CASE("ranges of two files that overlap at one priority name both files and lines") {
    temp_directory dir;
    auto node = dir.write("bins.csv", "# node\n400000,449999,visa\n");
    auto visa = dir.write("visa.csv", "low,high\n300000,399999\n440000,499999\n");
    auto s = node_with({with_table(network("visa", {}), visa.string())});
    s.routing.bin_table = node.string();
    auto loaded = load_bin_tables(s);
    CHECK(loaded.tables == nullptr);
    REQUIRE(loaded.errors.size() == 1);
    CHECK(to_string(loaded.errors[0])
          == visa.string()
               + ":3:1: low: expected a range that overlaps no other range at priority "
                 "100 (440000-499999 overlaps 400000-449999 of "
               + node.string() + ":2)");
  }

  TEST_CASE("ranges at different priorities may overlap") {
    temp_directory dir;
    auto node = dir.write("bins.csv", "400000,449999,visa\n");
    auto visa = dir.write("visa.csv", "400000,499999\n");
    auto s = node_with({with_table(network("visa", {}), visa.string(), 200)});
    s.routing.bin_table = node.string();
    auto loaded = load_bin_tables(s);
    CHECK(loaded.errors.empty());
    REQUIRE(loaded.tables != nullptr);
    CHECK(loaded.tables->size() == 2);
  }

  TEST_CASE("the node's table may name ISO 8583 networks only") {
    temp_directory dir;
    auto node = dir.write("bins.csv", "400000,449999,eth\n");
    auto s = node_with({network("visa", {}), network("eth", {}, {}, protocol_kind::jsonrpc)});
    s.routing.bin_table = node.string();
    auto loaded = load_bin_tables(s);
    REQUIRE(loaded.errors.size() == 1);
    CHECK(loaded.errors[0].line == 1);
    CHECK(loaded.errors[0].expected == "the name of an ISO 8583 network of this node (visa)");
  }

  TEST_CASE("a file that cannot be read is an error naming it") {
    auto s = node_with({with_table(network("visa", {}), "/nonexistent/visa.csv")});
    auto loaded = load_bin_tables(s);
    CHECK(loaded.tables == nullptr);
    REQUIRE(loaded.errors.size() == 1);
    CHECK(loaded.errors[0].file == "/nonexistent/visa.csv");
    CHECK(loaded.errors[0].expected.starts_with("a readable BIN table file ("));
  }

  TEST_CASE("problems in lines and overlaps are all reported, and nothing is loaded") {
    temp_directory dir;
    auto visa = dir.write("visa.csv", "499999,400000\n410000,419999\n410000,419999\n");
    auto loaded = load_bin_tables(node_with({with_table(network("visa", {}), visa.string())}));
    CHECK(loaded.tables == nullptr);
    REQUIRE(loaded.errors.size() == 2);
    CHECK(loaded.errors[0].line == 1);
    CHECK(loaded.errors[1].line == 3);
  }
}
