// What operators see of a network's transformations: `networks` and `route-test`.

#include "actors/route_test.hpp"
#include "actors/status_views.hpp"

#include <doctest/doctest.h>

namespace {

using namespace switchyard;
namespace iso = switchyard::iso8583;

config::network_settings visa() {
  config::network_settings n;
  n.name = "visa";
  config::rule_settings bins;
  bins.bin = config::bin_range{"400000", "499999"};
  n.rules = {bins};
  iso::transform_step set;
  set.field = 32;
  set.value = "123456";
  iso::transform_step copy;
  copy.op = iso::transform_op::copy;
  copy.field = 37;
  copy.to = 48;
  iso::transform_step map;
  map.op = iso::transform_op::map;
  map.field = 3;
  map.table = {{"000000", "001000"}};
  map.mti = "01??";
  iso::transform_step restore;
  restore.op = iso::transform_op::restore;
  restore.fields = {42};
  n.transform = {{set, copy, map}, {restore}};
  return n;
}

config::network_settings plain(const std::string& name, const std::string& low) {
  config::network_settings n;
  n.name = name;
  config::rule_settings bins;
  bins.bin = config::bin_range{low, low.substr(0, 1) + "99999"};
  n.rules = {bins};
  return n;
}

route_snapshot routes() {
  std::vector<config::network_settings> networks{visa(), plain("mastercard", "500000")};
  core::routing_table table{networks};
  auto transforms = route_transforms(table, network_table{networks});
  return {std::move(table), {}, {}, std::move(transforms)};
}

} // namespace

TEST_SUITE("transformations shown to operators") {
  TEST_CASE("a network's status describes its transformation steps per direction") {
    auto st = make_network_status(visa(), true, true);
    CHECK(st.request_transforms
          == std::vector<std::string>{"set 32 = \"123456\"", "copy 37 -> 48",
                                      "map 3 (1 entry, else keep) for 01??"});
    CHECK(st.response_transforms == std::vector<std::string>{"restore 42"});
    auto none = make_network_status(plain("mastercard", "500000"), true, true);
    CHECK(none.request_transforms.empty());
    CHECK(none.response_transforms.empty());
  }

  TEST_CASE("route-test says what each transformation would do with the request") {
    auto r = route_test(routes(), {"0200", "2=4111111111111111", "3=000000", "37=RRN1"});
    CHECK(r.error.empty());
    CHECK(r.account.find("routed to \"visa\"\nrequest transformations of \"visa\":\n"
                         "  set 32 = \"123456\": changed\n"
                         "  copy 37 -> 48: changed\n"
                         "  map 3 (1 entry, else keep) for 01??: not for this MTI\n"
                         "response transformations:\n"
                         "  restore 42\n")
          != std::string::npos);
    CHECK(r.account.find("4111111111111111") == std::string::npos);
    CHECK(r.account.find("RRN1") == std::string::npos); // the request's values stay unsaid

    auto auth = route_test(routes(), {"0100", "2=4111111111111111", "3=000000"});
    CHECK(auth.account.find("copy 37 -> 48: field absent") != std::string::npos);
    CHECK(auth.account.find("map 3 (1 entry, else keep) for 01??: changed") != std::string::npos);
  }

  TEST_CASE("route-test says nothing of transformations a network does not have") {
    auto r = route_test(routes(), {"0200", "2=5500000000000004"});
    CHECK(r.account.find("routed to \"mastercard\"") != std::string::npos);
    CHECK(r.account.find("transformations") == std::string::npos);
    auto lost = route_test(routes(), {"0200", "2=6011000000000004"});
    CHECK(lost.account.find("transformations") == std::string::npos);
  }
}
