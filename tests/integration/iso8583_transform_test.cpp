// A network's transformations through real processes: acquirer client -> switchyard ->
// sim-iso8583, whose log (--verbose, masked) shows what the issuer received.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* transforms = R"(rules = [{ default = true }]
[[networks.transform.request]]
set = { field = 32, value = "123456" }
[[networks.transform.request]]
map = { field = 3, table = { "000000" = "001000" } }
[[networks.transform.request]]
copy = { from = 41, to = 48 }
[[networks.transform.request]]
remove = [42]
[[networks.transform.response]]
restore = [42]
)";

bool has(const std::string& line, const std::string& field) {
  return line.find(" " + field) != std::string::npos;
}

} // namespace

TEST_SUITE("iso8583 transformations end to end") {
  TEST_CASE("the issuer receives the network's form and the acquirer its own fields back") {
    auto sim = start_sim({"--verbose"});
    auto gw = start_gateway(iso_node() + iso_network("visa", sim.port, transforms));
    iso_test_client client{gw.iso_port};

    client.send(make_request("4111111111111111", 1000, "000301"));
    auto r = client.receive(5s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0210");
    CHECK(code_of(r) == "00");
    CHECK(r->get(11) == "000301");
    CHECK(r->get(3) == "000000");
    CHECK_FALSE(r->has(32)); // echoed by the issuer, never sent by the acquirer
    CHECK_FALSE(r->has(48));
    CHECK(r->get(42) == "MERCHANT0000001");
    CHECK(r->get(2) == "4111111111111111");
    auto received = sim.process->wait_for_line(" 11=000301", 5s);
    REQUIRE(received.has_value());
    INFO(*received);
    CHECK(received->find("request 0200") != std::string::npos);
    CHECK(has(*received, "3=001000"));
    CHECK(has(*received, "32=123456"));
    CHECK(has(*received, "48=TERM0001"));
    CHECK_FALSE(has(*received, "42="));
    CHECK(has(*received, "2=411111******1111"));

    // An acquirer that sends field 32 itself gets its own value back.
    auto own = make_request("4111111111111111", 1000, "000302");
    own.set(32, "654321");
    client.send(own);
    auto r2 = client.receive(5s);
    REQUIRE(r2.has_value());
    CHECK(code_of(r2) == "00");
    CHECK(r2->get(32) == "654321");
    auto received2 = sim.process->wait_for_line(" 11=000302", 5s);
    REQUIRE(received2.has_value());
    CHECK(has(*received2, "32=123456"));
  }

  TEST_CASE("a network without transformations forwards the acquirer's fields as they are") {
    auto sim = start_sim({"--verbose"});
    auto gw
      = start_gateway(iso_node() + iso_network("visa", sim.port, "rules = [{ default = true }]"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 1000, "000311"));
    auto r = client.receive(5s);
    REQUIRE(r.has_value());
    CHECK(code_of(r) == "00");
    CHECK(r->get(3) == "000000");
    auto received = sim.process->wait_for_line(" 11=000311", 5s);
    REQUIRE(received.has_value());
    CHECK(has(*received, "3=000000"));
    CHECK(has(*received, "42=MERCHANT0000001"));
    CHECK_FALSE(has(*received, "32="));
  }

  TEST_CASE("the shell shows a network's transformations and what a request would get") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node() + iso_network("visa", sim.port, transforms));
    auto networks = shell(gw, {"networks"});
    CHECK(networks.find("; transforms 4 request, 1 response") != std::string::npos);
    auto json = shell(gw, {"--json", "networks"});
    INFO(json);
    CHECK(
      json.find(R"j("transforms":{"request":["set 32 = \"123456\"","map 3 (1 entry, else keep)")j")
      != std::string::npos);
    auto test = shell(gw, {"route-test", "0200", "2=4111111111111111", "3=200000", "41=T1"});
    INFO(test);
    CHECK(test.find("routed to \"visa\"") != std::string::npos);
    CHECK(test.find("  set 32 = \"123456\": changed\n"
                    "  map 3 (1 entry, else keep): unchanged\n"
                    "  copy 41 -> 48: changed\n"
                    "  remove 42: field absent\n"
                    "response transformations:\n"
                    "  restore 42\n")
          != std::string::npos);
    CHECK(test.find("4111111111111111") == std::string::npos);
  }

  TEST_CASE("a transformed request the network cannot take is answered 96, logged masked") {
    auto sim = start_sim({});
    // Track 2 moved to track 1 (masked alike), and a terminal id copied into a numeric field:
    // the second cannot be packed, which the gateway answers and logs itself.
    auto gw = start_gateway(iso_node()
                            + iso_network("visa", sim.port,
                                          "rules = [{ default = true }]\n"
                                          "[[networks.transform.request]]\n"
                                          "move = { from = 35, to = 45 }\n"
                                          "[[networks.transform.request]]\n"
                                          "copy = { from = 41, to = 32 }\n"));
    iso_test_client client{gw.iso_port};
    auto request = make_request("4111111111111111", 1000, "000321");
    request.set(35, "4111111111111111=25121010000012345678");
    client.send(request);
    auto r = client.receive(5s);
    REQUIRE(r.has_value());
    CHECK(code_of(r) == "96");
    CHECK_FALSE(r->has(32));
    CHECK_FALSE(r->has(45));
    auto line = gw.process->wait_for_line("answered 96", 5s);
    REQUIRE(line.has_value());
    INFO(*line);
    CHECK(line->find("field 32") != std::string::npos);
    CHECK(line->find(" 45=411111******1111") != std::string::npos);
    CHECK(line->find("4111111111111111") == std::string::npos);
    CHECK(line->find("2512101") == std::string::npos);
    CHECK(gw.process->output().find("4111111111111111") == std::string::npos);
  }
}
