// What acquirers get from the gateway itself, end to end (issue 11): their own network
// management, requests lacking a match field, messages it cannot route, dialects it cannot
// translate into, failed TLS handshakes; each logged with the acquirer's address.

#include "tests/integration/cert_dir.hpp"
#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <regex>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

std::string visa_network(std::uint16_t port, const std::string& extra = "") {
  return iso_network("visa", port, "rules = [{ bin_range = \"400000-499999\" }]\n" + extra);
}

// An 0800 as terminals and host channels send it: fields 7, 11 and 70 only (no 41).
switchyard::iso8583::message network_management(const std::string& code, const std::string& stan) {
  switchyard::iso8583::message m;
  m.set_mti("0800");
  m.set(7, "0612103000");
  m.set(11, stan);
  m.set(70, code);
  return m;
}

// The number in column `column` (counted from the end: 0 is the last, CERT-EXPIRES) of the
// iso8583-0 row of `switchyard-shell listeners`, or -1.
int listener_column_from_end(const std::string& listeners, std::size_t column) {
  auto row = table_row(listeners, {"iso8583-0"});
  if (row.size() <= column)
    return -1;
  const auto& cell = row[row.size() - 1 - column];
  return cell.find_first_not_of("0123456789") == std::string::npos ? std::stoi(cell) : -1;
}

int signed_on(const std::string& listeners) {
  return listener_column_from_end(listeners, 1);
}

int tls_failures(const std::string& listeners) {
  return listener_column_from_end(listeners, 2);
}

} // namespace

TEST_SUITE("iso8583 acquirers end to end") {
  TEST_CASE("an acquirer's echo without field 41 is answered 0810 with 00 by the gateway") {
    auto sim = start_sim({"--verbose"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client client{gw.iso_port};
    client.send(network_management("301", "000042"));
    auto r = client.receive(3s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0810");
    CHECK(code_of(r) == "00");
    CHECK(r->get(7) == "0612103000");
    CHECK(r->get(11) == "000042");
    CHECK(r->get(70) == "301");
    // A financial request still goes upstream; the echo never did.
    client.send(make_request("4111111111111111", 100, "000043"));
    CHECK(code_of(client.receive(3s)) == "00");
    CHECK(sim.process->wait_for_line("11=000043", 2s).has_value());
    CHECK(sim.process->output().find("11=000042") == std::string::npos);
  }

  TEST_CASE("sign-on and sign-off are answered 00 and tracked per connection in listeners") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client first{gw.iso_port};
    std::optional<iso_test_client> second{std::in_place, gw.iso_port};
    first.send(network_management("001", "000051"));
    auto on = first.receive(3s);
    REQUIRE(on.has_value());
    CHECK(on->mti() == "0810");
    CHECK(code_of(on) == "00");
    CHECK(on->get(70) == "001");
    auto listeners = shell(gw, {"listeners"});
    INFO(listeners);
    CHECK(listeners.find("SIGNED-ON") != std::string::npos);
    CHECK(signed_on(listeners) == 1);
    second->send(network_management("001", "000052"));
    REQUIRE(code_of(second->receive(3s)) == "00");
    second->send(network_management("001", "000053")); // signed on already: counted once
    REQUIRE(code_of(second->receive(3s)) == "00");
    CHECK(signed_on(shell(gw, {"listeners"})) == 2);
    first.send(network_management("002", "000054"));
    auto off = first.receive(3s);
    CHECK(code_of(off) == "00");
    CHECK(signed_on(shell(gw, {"listeners"})) == 1);
    first.send(network_management("161", "000055")); // key change
    CHECK(code_of(first.receive(3s)) == "00");
    second.reset(); // a connection that goes away is signed off with it
    auto after
      = shell_until(gw, {"listeners"}, [](const std::string& out) { return signed_on(out) == 0; });
    INFO(after);
    CHECK(signed_on(after) == 0);
  }

  TEST_CASE("a listener with network_management = route sends the acquirer's 0800 upstream") {
    auto sim = start_sim({"--verbose"});
    auto gw = start_gateway(iso_node("network_management = \"route\"")
                            + iso_network("visa", sim.port, "rules = [{ mti = \"08??\" }]"));
    iso_test_client client{gw.iso_port};
    client.send(network_management("301", "000061"));
    auto r = client.receive(3s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0810");
    CHECK(code_of(r) == "00");
    CHECK(r->get(11) == "000061");
    CHECK(r->get(70) == "301");
    // The issuer simulator answered it, not the gateway.
    auto line = sim.process->wait_for_line("11=000061", 2s);
    REQUIRE(line.has_value());
    CHECK(line->find("request 0800") != std::string::npos);
    CHECK(line->find("70=301") != std::string::npos);
  }

  TEST_CASE("a 0200 without field 41 is matched by the fields it has and approved") {
    auto sim = start_sim({"--verbose"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client client{gw.iso_port};
    auto request = make_request("4111111111111111", 100, "000071");
    request.remove(41);
    client.send(request);
    auto r = client.receive(3s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0210");
    CHECK(code_of(r) == "00");
    CHECK(r->get(11) == "000071");
    CHECK_FALSE(r->has(41));
    CHECK(sim.process->wait_for_line("11=000071", 2s).has_value());
  }

  TEST_CASE("a request the network's dialect cannot carry is answered 96 and logged, masked") {
    // The network's dialect has no field 42 (merchant), which the acquirer's request carries.
    temp_config dialect{"name = \"no-merchant\"\nbase = \"iso87-ascii\"\n[fields]\n"
                        "42 = { remove = true }\n"};
    auto sim = start_sim({});
    auto gw
      = start_gateway(iso_node() + visa_network(sim.port, "dialect = \"" + dialect.path() + "\""));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 100, "000081"));
    auto r = client.receive(3s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0210");
    CHECK(code_of(r) == "96");
    auto line = gw.process->wait_for_line("cannot encode the request", 2s);
    REQUIRE_MESSAGE(line.has_value(), gw.process->output());
    CHECK(line->find("answered 96") != std::string::npos);
    CHECK(line->find("field 42") != std::string::npos);
    CHECK(line->find("411111******1111") != std::string::npos);
    CHECK(gw.process->output().find("4111111111111111") == std::string::npos);
  }

  TEST_CASE("a response MTI is dropped with its reason, a reserved MTI answered 12, both counted") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client client{gw.iso_port};
    auto response = make_request("4111111111111111", 100, "000091", "0210");
    client.send(response);
    auto dropped = gw.process->wait_for_line("dropped a message", 2s);
    REQUIRE_MESSAGE(dropped.has_value(), gw.process->output());
    CHECK(dropped->find("MTI 0210 is a response") != std::string::npos);
    CHECK(dropped->find("from 127.0.0.1:") != std::string::npos);
    CHECK(dropped->find(": ok") == std::string::npos);

    client.send(make_request("4111111111111111", 100, "000092", "0900"));
    auto reserved = client.receive(3s);
    REQUIRE(reserved.has_value());
    CHECK(reserved->mti() == "0910");
    CHECK(code_of(reserved) == "12");
    auto line = gw.process->wait_for_line("answered 12", 2s);
    REQUIRE_MESSAGE(line.has_value(), gw.process->output());
    CHECK(line->find("message class 9") != std::string::npos);
    CHECK(line->find("to 127.0.0.1:") != std::string::npos);
    CHECK(line->find("411111******1111") != std::string::npos);

    // A format error is logged with the acquirer's address too.
    std::string body = "02004000000000000000XXbad";
    client.send_raw(std::string{static_cast<char>(0), static_cast<char>(body.size())} + body);
    CHECK(code_of(client.receive(2s)) == "30");
    auto format = gw.process->wait_for_line("format error", 2s);
    REQUIRE(format.has_value());
    CHECK(format->find("127.0.0.1:") != std::string::npos);

    auto listeners = shell(gw, {"listeners"});
    INFO(listeners);
    std::smatch m;
    REQUIRE(std::regex_search(
      listeners, m, std::regex{R"(iso8583-0\s+\S+\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+))"}));
    CHECK(m[1] == "3"); // requests read
    CHECK(m[2] == "2"); // answered: the 0900 and the malformed one
    CHECK(m[3] == "1"); // format errors
    CHECK(m[4] == "2"); // rejected: the 0210 dropped, the 0900 answered 12
  }

  TEST_CASE("a failed TLS handshake on a listener is logged with the peer and counted") {
    cert_dir certs{{"server"}};
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node("[listeners.tls]\ncert = \"" + certs.file("server.pem")
                                     + "\"\nkey = \"" + certs.file("server.key") + "\"")
                            + visa_network(sim.port));
    {
      iso_test_client plain{gw.iso_port}; // speaks ISO 8583 where a TLS client hello belongs
      plain.send(make_request("4111111111111111", 100, "000101"));
      CHECK(plain.is_closed_by_peer(3s));
    }
    auto line = gw.process->wait_for_line("tls handshake with", 3s);
    REQUIRE_MESSAGE(line.has_value(), gw.process->output());
    CHECK(line->find("127.0.0.1:") != std::string::npos);
    CHECK(line->find("failed") != std::string::npos);
    auto listeners = shell_until(gw, {"listeners"},
                                 [](const std::string& out) { return tls_failures(out) == 1; });
    INFO(listeners);
    CHECK(listeners.find("TLS-FAIL") != std::string::npos);
    CHECK(tls_failures(listeners) == 1);
  }
}
