#include "actors/route_test.hpp"

#include <doctest/doctest.h>

namespace {

using namespace switchyard;

config::network_settings network(const std::string& name, config::protocol_kind protocol,
                                 std::vector<config::rule_settings> rules,
                                 std::vector<std::string> fallbacks = {}) {
  config::network_settings n;
  n.name = name;
  n.protocol = protocol;
  n.rules = std::move(rules);
  n.fallbacks = std::move(fallbacks);
  return n;
}

route_snapshot routes(std::map<std::string, bool> availability = {}) {
  config::rule_settings visa_bins;
  visa_bins.priority = 10;
  visa_bins.bin = config::bin_range{"400000", "499999"};
  config::rule_settings eth;
  eth.method = "eth_*";
  std::vector<config::network_settings> networks{
    network("visa", config::protocol_kind::iso8583, {visa_bins}, {"backup"}),
    network("backup", config::protocol_kind::iso8583, {}),
    network("eth", config::protocol_kind::jsonrpc, {eth})};
  return {core::routing_table{networks}.with_availability(availability), {}, {}};
}

} // namespace

TEST_CASE("route-test names the ISO 8583 rule that matched and where the request goes") {
  auto r = route_test(routes(), {"0200", "2=4111111111111111", "4=000000001000"});
  CHECK(r.error.empty());
  CHECK(r.account.find("network \"visa\" rule #0") != std::string::npos);
  CHECK(r.account.find("routed to \"visa\"") != std::string::npos);
  CHECK(r.account.find("4111111111111111") == std::string::npos); // never echoes card data

  auto down = route_test(routes({{"visa", false}}), {"0200", "2=4111111111111111"});
  CHECK(down.account.find("fallback \"backup\"") != std::string::npos);
  CHECK(down.account.find("routed to \"backup\"") != std::string::npos);

  auto none
    = route_test(routes({{"visa", false}, {"backup", false}}), {"0200", "2=4111111111111111"});
  CHECK(none.account.find("answered 91") != std::string::npos);

  auto mastercard = route_test(routes(), {"0200", "2=5500000000000004"});
  CHECK(mastercard.account.find("answered 92") != std::string::npos);
}

TEST_CASE("route-test routes a JSON-RPC method by the method rules") {
  auto r = route_test(routes(), {"eth_getBalance"});
  CHECK(r.error.empty());
  CHECK(r.account.find("routed to \"eth\"") != std::string::npos);
  CHECK(route_test(routes(), {"method", "eth_call"}).account.find("routed to \"eth\"")
        != std::string::npos);
  CHECK(route_test(routes(), {"net_version"}).account.find("answered -32601") != std::string::npos);
}

TEST_CASE("route-test says what is wrong with words that are no request") {
  CHECK_FALSE(route_test(routes(), {}).error.empty());
  CHECK(route_test(routes(), {"0200", "200=1"}).error.find("expected 2..192") != std::string::npos);
  CHECK(route_test(routes(), {"2=4111111111111111"}).error.find("starts with its MTI")
        != std::string::npos);
  CHECK(route_test(routes(), {"0200", "junk"}).error.find("'junk'") != std::string::npos);
  CHECK_FALSE(route_test(routes(), {"eth_call", "extra"}).error.empty());
}

TEST_CASE("route-test names the BIN table range, file and line that matched") {
  core::bin_table_builder builder;
  auto source = builder.add_source("/etc/switchyard/bins.csv");
  builder.add("510000", "559999", builder.add_network("backup"), source, 7,
              {"MASTERCARD", "DEBIT", "GB"});
  std::vector<core::bin_overlap> overlaps;
  auto bins = std::make_shared<core::bin_tables>();
  bins->push_back({100, builder.build(overlaps)});
  std::vector<config::network_settings> networks{
    network("visa", config::protocol_kind::iso8583, {}),
    network("backup", config::protocol_kind::iso8583, {})};
  route_snapshot snapshot{core::routing_table{networks, bins}, {}, {}};
  auto r = route_test(snapshot, {"0200", "2=5500000000000004"});
  CHECK(r.error.empty());
  CHECK(r.account
        == "network \"backup\" BIN table /etc/switchyard/bins.csv line 7 (range 510000-559999 "
           "MASTERCARD DEBIT GB, priority 100)\nrouted to \"backup\"\n");
  CHECK(route_test(snapshot, {"0200", "2=4111111111111111"}).account.find("answered 92")
        != std::string::npos);
}
