// End to end through real processes: acquirer client → switchyard → sim-iso8583 issuers.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// The two issuers tell themselves apart by their decline threshold: 5000 minor units
// is approved (00) by "wide" and declined (51) by "narrow".
constexpr std::uint64_t probe_amount = 5000;

} // namespace

TEST_SUITE("iso8583 routing end to end") {
  TEST_CASE("card numbers are routed by BIN range to their network") {
    auto narrow = start_sim({"--decline-above", "1000"});
    auto wide = start_sim({"--decline-above", "100000"});
    auto gw = start_gateway(
      iso_node() + iso_network("visa", narrow.port, "rules = [{ bin_range = \"400000-499999\" }]")
      + iso_network("mastercard", wide.port, "rules = [{ bin_range = \"510000-559999\" }]"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", probe_amount, "000001"));
    auto visa = client.receive();
    client.send(make_request("5500000000000004", probe_amount, "000002"));
    auto mastercard = client.receive();
    REQUIRE(visa.has_value());
    REQUIRE(mastercard.has_value());
    CHECK(visa->mti() == "0210");
    CHECK(code_of(visa) == "51");
    CHECK(visa->get(11) == "000001");
    CHECK(code_of(mastercard) == "00");
    CHECK(mastercard->get(2) == "5500000000000004");
  }

  TEST_CASE("MTI patterns route authorizations and financial requests apart") {
    auto narrow = start_sim({"--decline-above", "1000"});
    auto wide = start_sim({"--decline-above", "100000"});
    auto gw
      = start_gateway(iso_node() + iso_network("auth", narrow.port, "rules = [{ mti = \"01??\" }]")
                      + iso_network("financial", wide.port, "rules = [{ default = true }]"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", probe_amount, "000011", "0100"));
    auto auth = client.receive();
    client.send(make_request("4111111111111111", probe_amount, "000012", "0200"));
    auto financial = client.receive();
    REQUIRE(auth.has_value());
    CHECK(auth->mti() == "0110");
    CHECK(code_of(auth) == "51");
    REQUIRE(financial.has_value());
    CHECK(financial->mti() == "0210");
    CHECK(code_of(financial) == "00");
  }

  TEST_CASE("the upstream leg speaks its own dialect file and framing") {
    // An acquirer on iso87-ascii with 2-byte lengths; the network on a custom dialect
    // (BCD numerics, binary bitmap) framed by 4 ASCII digits.
    temp_config dialect{"name = \"acme-binary\"\nbase = \"iso87-binary\"\n"};
    auto sim = start_sim({"--dialect", dialect.path(), "--framing", "ascii4"});
    auto gw = start_gateway(iso_node()
                            + iso_network("acme", sim.port,
                                          "dialect = \"" + dialect.path()
                                            + "\"\nframing = \"ascii4\"\n"
                                              "rules = [{ default = true }]"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 4321, "000131"));
    auto r = client.receive(3s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0210");
    CHECK(code_of(r) == "00");
    CHECK(r->get(11) == "000131");
    CHECK(r->uint_field(4) == 4321);
    CHECK(r->has(38));
  }

  TEST_CASE("a request no rule matches is answered 92 at once") {
    auto sim = start_sim({});
    auto gw = start_gateway(
      iso_node() + iso_network("visa", sim.port, "rules = [{ bin_range = \"400000-499999\" }]"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("6011000000000004", 100, "000021"));
    auto r = client.receive(2s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0210");
    CHECK(code_of(r) == "92");
    CHECK(r->get(11) == "000021");
  }

  TEST_CASE("traffic of an unhealthy network goes to its fallback") {
    auto backup = start_sim({"--decline-above", "100000"});
    auto dead = unused_port();
    auto gw = start_gateway(
      iso_node()
      + iso_network("primary", dead,
                    "fallbacks = [\"backup\"]\nrules = [{ bin_range = \"400000-499999\" }]\n"
                    "[networks.health_check]\nkind = \"echo\"\nunhealthy_threshold = 2")
      + iso_network("backup", backup.port, "rules = [{ bin_range = \"999999-999999\" }]"));
    iso_test_client client{gw.iso_port};
    std::string code;
    for (int attempt = 0; attempt < 50 && code != "00"; ++attempt) {
      client.send(
        make_request("4111111111111111", probe_amount, "0001" + std::to_string(10 + attempt)));
      code = code_of(client.receive(2s));
      if (code != "00") {
        CHECK(code == "91");
        std::this_thread::sleep_for(100ms);
      }
    }
    CHECK(code == "00");
    auto health = shell(gw, {"health"});
    CHECK(health.find("primary         unhealthy") != std::string::npos);
  }
}
