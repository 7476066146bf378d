// TLS on both legs and STAN collisions, end to end.

#include "tests/integration/cert_dir.hpp"
#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

using namespace switchyard::testing;
using namespace std::chrono_literals;

TEST_SUITE("iso8583 tls and stan end to end") {
  TEST_CASE("TLS from the acquirer and mutual TLS to the upstream carry a transaction") {
    cert_dir certs{{"server", "client", "upstream"}};
    auto sim = start_sim({"--tls-cert", certs.file("upstream.pem"), "--tls-key",
                          certs.file("upstream.key"), "--tls-ca", certs.file("ca.pem")});
    auto gw = start_gateway(
      iso_node("[listeners.tls]\ncert = \"" + certs.file("server.pem") + "\"\nkey = \""
               + certs.file("server.key") + "\"")
      + iso_network("visa", sim.port,
                    "rules = [{ bin_range = \"400000-499999\" }]\n[networks.tls]\nca = \""
                      + certs.file("ca.pem") + "\"\ncert = \"" + certs.file("client.pem")
                      + "\"\nkey = \"" + certs.file("client.key")
                      + "\"\nserver_name = \"localhost\""));
    iso_test_client client{gw.iso_port, client_tls{certs.file("ca.pem"), "", ""}};
    std::string code;
    for (int attempt = 0; attempt < 30 && code != "00"; ++attempt) {
      client.send(make_request("4111111111111111", 100, "0001" + std::to_string(10 + attempt)));
      code = code_of(client.receive(2s));
    }
    CHECK(code == "00");
  }

  TEST_CASE("a listener demanding client certificates refuses a client without one") {
    cert_dir certs{{"server", "client", "upstream"}};
    auto sim = start_sim({});
    auto gw = start_gateway(
      iso_node("[listeners.tls]\ncert = \"" + certs.file("server.pem") + "\"\nkey = \""
               + certs.file("server.key") + "\"\nca = \"" + certs.file("ca.pem")
               + "\"\nrequire_peer_cert = true")
      + iso_network("visa", sim.port, "rules = [{ bin_range = \"400000-499999\" }]"));
    bool refused = false;
    try {
      iso_test_client anonymous{gw.iso_port, client_tls{certs.file("ca.pem"), "", ""}};
      anonymous.send(make_request("4111111111111111", 100, "000201"));
      refused = !anonymous.receive(2s).has_value();
    } catch (const std::exception&) {
      refused = true;
    }
    CHECK(refused);
    iso_test_client trusted{gw.iso_port, client_tls{certs.file("ca.pem"), certs.file("client.pem"),
                                                    certs.file("client.key")}};
    std::string code;
    for (int attempt = 0; attempt < 30 && code != "00"; ++attempt) {
      trusted.send(make_request("4111111111111111", 100, "0003" + std::to_string(10 + attempt)));
      code = code_of(trusted.receive(2s));
    }
    CHECK(code == "00");
  }

  TEST_CASE("two acquirers using the same STAN and terminal at once each get their own answer") {
    auto sim = start_sim({"--latency-ms", "200"});
    auto gw = start_gateway(
      iso_node() + iso_network("visa", sim.port, "rules = [{ bin_range = \"400000-499999\" }]"));
    iso_test_client warmup{gw.iso_port};
    warmup.send(make_request("4111111111111111", 1, "000099"));
    REQUIRE(code_of(warmup.receive(3s)) == "00");
    iso_test_client a{gw.iso_port};
    iso_test_client b{gw.iso_port};
    a.send(make_request("4111111111111111", 1111, "000777"));
    b.send(make_request("4111111111111111", 2222, "000777"));
    auto ra = a.receive(3s);
    auto rb = b.receive(3s);
    REQUIRE(ra.has_value());
    REQUIRE(rb.has_value());
    CHECK(ra->get(11) == "000777");
    CHECK(rb->get(11) == "000777");
    CHECK(ra->uint_field(4) == 1111);
    CHECK(rb->uint_field(4) == 2222);
    CHECK(code_of(ra) == "00");
    CHECK(code_of(rb) == "00");
    // The second request went upstream with a switch-assigned STAN: the REMAPPED column.
    auto stats = shell(gw, {"stats"});
    INFO(stats);
    std::smatch m;
    REQUIRE(
      std::regex_search(stats, m, std::regex{R"(visa\s+\S+\s+(\d+)\s+(\d+)(\s+\d+){5}\s+(\d+))"}));
    CHECK(m[1] == "3");
    CHECK(m[2] == "3");
    CHECK(m[4] == "1");
  }
}
