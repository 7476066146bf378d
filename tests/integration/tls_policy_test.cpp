// The TLS policy of listeners and networks (version floor, cipher lists) and certificate
// expiry as operators see it: in the log at start and in the shell's tables.

#include "tests/integration/cert_dir.hpp"
#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/temp_config.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// Whether `openssl s_client` with `options` completes a handshake, verified against `ca`, with
// the listener on `port`; stdin is empty so that the client leaves once connected.
bool handshake(std::uint16_t port, const std::string& ca, const std::string& options) {
  auto r = run("/bin/sh",
               {"-c", "openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " -CAfile "
                        + ca + " -verify_return_error " + options + " </dev/null"});
  INFO(r.output);
  return r.exit_code == 0 && r.output.find("Cipher is (NONE)") == std::string::npos;
}

// The TOML of the listener's TLS table with the server certificate of `certs` and `policy`.
std::string listener_tls(const cert_dir& certs, const std::string& policy = "") {
  return "[listeners.tls]\ncert = \"" + certs.file("server.pem") + "\"\nkey = \""
         + certs.file("server.key") + "\"\n" + policy;
}

// The notAfter date (YYYY-MM-DD, UTC) of the certificate `pem`, as OpenSSL reads it.
std::string end_date(const std::string& pem) {
  auto r = run("/bin/sh", {"-c", "openssl x509 -enddate -noout -dateopt iso_8601 -in " + pem});
  REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  auto equals = r.output.find('=');
  REQUIRE(equals != std::string::npos);
  return r.output.substr(equals + 1, 10);
}

constexpr const char* cbc_sha1_only = "-tls1_2 -cipher ECDHE-ECDSA-AES128-SHA";

} // namespace

TEST_SUITE("tls policy end to end") {
  TEST_CASE("a TLS 1.2 client offering only a CBC-SHA1 suite is refused by default") {
    cert_dir certs{{"server"}};
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node(listener_tls(certs)) + iso_network("visa", sim.port, ""));
    CHECK_FALSE(handshake(gw.iso_port, certs.file("ca.pem"), cbc_sha1_only));
    CHECK(handshake(gw.iso_port, certs.file("ca.pem"), "-tls1_2"));
    CHECK(handshake(gw.iso_port, certs.file("ca.pem"), "-tls1_3"));
  }

  TEST_CASE("a CBC-SHA1 suite is accepted when the listener's ciphers allow it") {
    cert_dir certs{{"server"}};
    auto sim = start_sim({});
    auto gw = start_gateway(
      iso_node(listener_tls(certs, "ciphers = \"ECDHE+AESGCM:ECDHE-ECDSA-AES128-SHA\""))
      + iso_network("visa", sim.port, ""));
    CHECK(handshake(gw.iso_port, certs.file("ca.pem"), cbc_sha1_only));
  }

  TEST_CASE("min_version = 1.3 refuses a client that speaks TLS 1.2 at most") {
    cert_dir certs{{"server"}};
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node(listener_tls(certs, "min_version = \"1.3\""))
                            + iso_network("visa", sim.port, ""));
    CHECK_FALSE(handshake(gw.iso_port, certs.file("ca.pem"), "-tls1_2"));
    CHECK(handshake(gw.iso_port, certs.file("ca.pem"), "-tls1_3"));
  }

  TEST_CASE("a certificate expiring within 30 days is warned about and its expiry is shown") {
    // gen-certs issues certificates valid for 30 days: just under 30 days are left at start.
    cert_dir certs{{"server", "client", "upstream"}};
    auto sim = start_sim(
      {"--tls-cert", certs.file("upstream.pem"), "--tls-key", certs.file("upstream.key")});
    auto gw = start_gateway(iso_node(listener_tls(certs))
                            + iso_network("visa", sim.port,
                                          "[networks.tls]\nca = \"" + certs.file("ca.pem")
                                            + "\"\ncert = \"" + certs.file("client.pem")
                                            + "\"\nkey = \"" + certs.file("client.key")
                                            + "\"\nserver_name = \"localhost\""));
    const std::regex soon{R"(expires in (29|30) days)"};
    auto listener_line = gw.process->wait_for_line(certs.file("server.pem") + " expires in", 5s);
    REQUIRE_MESSAGE(listener_line.has_value(), gw.process->output());
    CHECK(std::regex_search(*listener_line, soon));
    CHECK(listener_line->find("warn") != std::string::npos);
    auto network_line = gw.process->wait_for_line(certs.file("client.pem") + " expires in", 5s);
    REQUIRE_MESSAGE(network_line.has_value(), gw.process->output());
    CHECK(std::regex_search(*network_line, soon));

    const std::regex cell{end_date(certs.file("server.pem")) + R"(\((29|30)d\))"};
    auto listeners = shell(gw, {"listeners"});
    INFO(listeners);
    CHECK(listeners.find("CERT-EXPIRES") != std::string::npos);
    auto row = table_row(listeners, {"iso8583-0"});
    REQUIRE(!row.empty());
    CHECK(std::regex_match(row.back(), cell));
    auto json = shell(gw, {"--json", "listeners"});
    CHECK(json.find("\"cert_not_after\":\"" + end_date(certs.file("server.pem")) + "T")
          != std::string::npos);

    const std::regex client_cell{end_date(certs.file("client.pem")) + R"(\((29|30)d\))"};
    auto pools = shell_until(gw, {"pools"}, [&](const std::string& out) {
      auto r = table_row(out, {"visa"});
      return !r.empty() && std::regex_match(r.back(), client_cell);
    });
    INFO(pools);
    auto pool = table_row(pools, {"visa"});
    REQUIRE(!pool.empty());
    CHECK(std::regex_match(pool.back(), client_cell));
  }

  TEST_CASE("a cipher list OpenSSL knows nothing of is named with OpenSSL's reason at start") {
    cert_dir certs{{"server"}};
    auto sim = start_sim({});
    temp_config config{iso_node(listener_tls(certs, "ciphers = \"NO-SUCH-CIPHER\""))
                       + iso_network("visa", sim.port, "")};
    child_process node{bin_path("switchyard"), {"--config", config.path()}};
    auto line = node.wait_for_line("tls.ciphers \"NO-SUCH-CIPHER\"", 10s);
    REQUIRE_MESSAGE(line.has_value(), node.output());
    CHECK(line->find("no cipher match") != std::string::npos);
  }

  TEST_CASE("a listener without TLS shows no certificate expiry") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node() + iso_network("visa", sim.port, ""));
    auto row = table_row(shell(gw, {"listeners"}), {"iso8583-0"});
    REQUIRE(!row.empty());
    CHECK(row.back() == "-");
  }
}
