#include "actors/status_views.hpp"

#include <doctest/doctest.h>

using namespace switchyard;

namespace {

config::network_settings visa() {
  config::network_settings n;
  n.name = "visa";
  n.protocol = config::protocol_kind::iso8583;
  n.hosts = {{"127.0.0.1", 9583, 70}, {"127.0.0.1", 9584, 30}};
  n.pool_size = 10;
  n.pool_overflow = 2;
  n.fallbacks = {"local"};
  n.rules.resize(2);
  return n;
}

} // namespace

TEST_SUITE("status_views") {
  TEST_CASE("a network status lists hosts with weights, fallbacks and rule count") {
    auto st = make_network_status(visa(), true, false);
    CHECK(st.name == "visa");
    CHECK(st.protocol == "iso8583");
    REQUIRE(st.hosts.size() == 2);
    CHECK(st.hosts[0] == "127.0.0.1:9583 (weight 70)");
    CHECK(st.fallbacks == std::vector<std::string>{"local"});
    CHECK(st.rules == 2);
    CHECK(st.connected);
    CHECK_FALSE(st.healthy);
  }

  TEST_CASE("initial pools have one row per host with the configured sizes and nothing open") {
    auto pools = make_initial_pools(visa());
    REQUIRE(pools.size() == 2);
    CHECK(pools[1].host == "127.0.0.1:9584");
    CHECK(pools[1].size == 10);
    CHECK(pools[1].overflow == 2);
    CHECK(pools[1].open == 0);
    CHECK(pools[1].opened == 0);
  }

  TEST_CASE("the table's statuses come in name order with live flags") {
    auto other = visa();
    other.name = "amex";
    network_table t{{visa(), other}};
    t.connect("visa");
    auto rows = make_network_statuses(t);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].name == "amex");
    CHECK_FALSE(rows[0].connected);
    CHECK(rows[1].connected);
  }

  TEST_CASE("a stats row takes counters from the node's totals and the rest from the data path") {
    switchyard::network_numbers n;
    n.requests = 3; // this connector's own count: a restart started it over
    n.links = 2;
    n.links_up = 1;
    n.in_flight = 4;
    n.owed = 5;
    n.alarms = {"journal unwritable"};
    switchyard::network_counts totals;
    totals.requests = 40;
    totals.timeouts = 2;
    auto row = switchyard::make_connector_stats("visa", n, totals);
    CHECK(row.network == "visa");
    CHECK(row.requests == 40);
    CHECK(row.timeouts == 2);
    CHECK(row.links_up == 1);
    CHECK(row.in_flight == 4);
    CHECK(row.reversals_pending == 5);
    CHECK(row.alarms == std::vector<std::string>{"journal unwritable"});
    CHECK(switchyard::counts_of(n).requests == 3);
  }

  TEST_CASE("a saf report lists the owed rows with their card data as the data path masked it") {
    switchyard::network_numbers n;
    n.owed = 1;
    n.journal = "/var/lib/switchyard/visa.journal";
    n.owed_rows.push_back({7, "0421", 3, -20, false, "2=411111******1111 11=000001"});
    auto r = switchyard::make_saf_report("visa", n);
    CHECK(r.owed == 1);
    CHECK(r.journal == n.journal);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].attempts == 3);
    CHECK(r.rows[0].summary == "2=411111******1111 11=000001");
  }
}
