#include "core/routing_table.hpp"
#include "tests/core/allocation_counter.hpp"
#include "tests/core/routing_table_test_support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

using switchyard::core::bin_group;
using switchyard::core::bin_overlap;
using switchyard::core::bin_table_builder;
using switchyard::core::bin_tables;
using switchyard::core::route_decision;
using switchyard::core::route_outcome;
using switchyard::core::routing_table;
using switchyard::core::test::bin_rule;
using switchyard::core::test::default_rule;
using switchyard::core::test::mti_rule;
using switchyard::core::test::network;
using switchyard::core::test::request;
using switchyard::core::test::routed_name;

namespace {

struct row {
  std::string low;
  std::string high;
  std::string network;
  std::uint32_t priority = 100;
};

// BIN tables of `rows`, grouped by priority; each row on the line of its position.
std::shared_ptr<const bin_tables> tables_of(const std::vector<row>& rows) {
  std::map<std::uint32_t, bin_table_builder> builders;
  std::uint32_t line = 0;
  for (const auto& r : rows) {
    auto& b = builders[r.priority];
    b.add(r.low, r.high, b.add_network(r.network), b.add_source("bins.csv"), ++line,
          {"VISA", "CREDIT", "US"});
  }
  auto result = std::make_shared<bin_tables>();
  std::vector<bin_overlap> overlaps;
  for (auto& [priority, b] : builders)
    result->push_back(bin_group{priority, b.build(overlaps)});
  REQUIRE(overlaps.empty());
  return result;
}

} // namespace

TEST_SUITE("routing_table with BIN tables") {
  TEST_CASE("a range of the table picks its network and the decision names the range") {
    routing_table table{
      {network("visa", {}), network("mastercard", {})},
      tables_of({{"400000", "499999", "visa"}, {"510000", "559999", "mastercard"}})};
    auto d = table.route(request("0100", "5500000000000004"));
    REQUIRE(d.is_routed());
    CHECK(routed_name(d) == "mastercard");
    CHECK(d.by_bin_table());
    CHECK(d.rule == route_decision::none);
    CHECK(d.bin_group == 0);
    CHECK(table.explain(d)
          == "network \"mastercard\" BIN table bins.csv line 2 (range 510000-559999 VISA CREDIT "
             "US, priority 100)");
    CHECK(routed_name(table.route(request("0100", "4111111111111111"))) == "visa");
  }

  TEST_CASE("a card number in no range falls through to later rules and then the default") {
    routing_table table{{network("visa", {}), network("other", {default_rule()})},
                        tables_of({{"400000", "499999", "visa"}})};
    auto d = table.route(request("0100", "6011000990139424"));
    CHECK(routed_name(d) == "other");
    CHECK_FALSE(d.by_bin_table());
    auto no_pan = table.route(request("0800", ""));
    CHECK(routed_name(no_pan) == "other");
  }

  TEST_CASE("without a default, a card number in no range gets no route") {
    routing_table table{{network("visa", {})}, tables_of({{"400000", "499999", "visa"}})};
    CHECK(table.route(request("0100", "5500000000000004")).outcome == route_outcome::no_route);
  }

  TEST_CASE("rules of a lower priority number run before the table, higher ones after it") {
    auto bins = tables_of({{"400000", "499999", "visa", 100}});
    routing_table table{{network("visa", {}), network("auth", {mti_rule("0100", 50)}),
                         network("late", {mti_rule("02??", 150)})},
                        bins};
    CHECK(routed_name(table.route(request("0100", "4111111111111111"))) == "auth");
    CHECK(routed_name(table.route(request("0200", "4111111111111111"))) == "visa");
    CHECK(routed_name(table.route(request("0200", "5111111111111111"))) == "late");
  }

  TEST_CASE("at equal priority the rules run before the table") {
    routing_table table{{network("visa", {}), network("special", {bin_rule("411111", "411111")})},
                        tables_of({{"400000", "499999", "visa"}})};
    CHECK(routed_name(table.route(request("0100", "4111111111111111"))) == "special");
    CHECK(routed_name(table.route(request("0100", "4222222222222222"))) == "visa");
  }

  TEST_CASE("tables of different priorities are searched in priority order") {
    routing_table table{
      {network("visa", {}), network("premium", {})},
      tables_of({{"400000", "499999", "visa", 100}, {"450000", "450099", "premium", 20}})};
    CHECK(routed_name(table.route(request("0100", "4500501234567890"))) == "premium");
    CHECK(routed_name(table.route(request("0100", "4600501234567890"))) == "visa");
  }

  TEST_CASE("a range's network that is unavailable sends its card to the fallback") {
    routing_table table{{network("visa", {}, {"backup"}), network("backup", {})},
                        tables_of({{"400000", "499999", "visa"}})};
    auto down = table.with_availability({{"visa", false}});
    auto d = down.route(request("0100", "4111111111111111"));
    REQUIRE(d.is_routed());
    CHECK(routed_name(d) == "backup");
    CHECK(d.used_fallback());
    CHECK(down.explain(d).find("BIN table bins.csv line 1") != std::string::npos);
    CHECK(down.explain(d).find("-> fallback \"backup\"") != std::string::npos);
    auto all_down = table.with_availability({{"visa", false}, {"backup", false}});
    CHECK(all_down.route(request("0100", "4111111111111111")).outcome
          == route_outcome::unavailable);
  }

  TEST_CASE("a range naming a network the routing table lacks matches nothing") {
    routing_table table{{network("visa", {default_rule()})},
                        tables_of({{"400000", "499999", "gone"}})};
    auto d = table.route(request("0100", "4111111111111111"));
    CHECK(routed_name(d) == "visa");
    CHECK_FALSE(d.by_bin_table());
  }

  TEST_CASE("copies with other availability share the tables") {
    auto bins = tables_of({{"400000", "499999", "visa"}});
    routing_table table{{network("visa", {})}, bins};
    CHECK(table.bins() == bins);
    CHECK(table.with_availability({{"visa", false}}).bins() == bins);
    CHECK(routing_table{{network("visa", {})}}.bins() == nullptr);
  }

  TEST_CASE("routing by a table allocates nothing") {
    routing_table table{
      {network("visa", {}), network("mastercard", {})},
      tables_of({{"400000", "499999", "visa"}, {"510000", "559999", "mastercard"}})};
    auto m = request("0100", "5500000000000004");
    auto before = switchyard::core::testing::allocations();
    auto d = table.route(m);
    auto after = switchyard::core::testing::allocations();
    CHECK(d.is_routed());
    CHECK(after == before);
  }
}
