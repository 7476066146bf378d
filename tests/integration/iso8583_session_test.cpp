// Connection management end to end: sign-on and echo upstream, idle and limit downstream.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <regex>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

std::string visa_network(std::uint16_t port, const std::string& extra) {
  return iso_network("visa", port, "rules = [{ bin_range = \"400000-499999\" }]\n" + extra);
}

} // namespace

namespace {

// The REPORTS column of a healthy visa row of `switchyard-shell health`, or -1.
int healthy_reports(const std::string& health) {
  std::smatch m;
  if (!std::regex_search(health, m, std::regex{R"(visa\s+healthy\s+(\d+))"}))
    return -1;
  return std::stoi(m[1]);
}

} // namespace

TEST_SUITE("iso8583 connections end to end") {
  TEST_CASE("a link signs on with 0800 and field 70 = 001 before it carries requests") {
    auto sim = start_sim({"--verbose"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port, "sign_on = true"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 100, "000301"));
    CHECK(code_of(client.receive(3s)) == "00");
    auto request_line = sim.process->wait_for_line("request 0200", 2s);
    REQUIRE(request_line.has_value());
    const auto& out = sim.process->output();
    auto sign_on = out.find("request 0800");
    REQUIRE(sign_on != std::string::npos);
    CHECK(out.find("70=001", sign_on) != std::string::npos);
    CHECK(sign_on < out.find("request 0200"));
  }

  TEST_CASE("an idle link sends echo tests and their answers count as healthy reports") {
    auto sim = start_sim({"--verbose"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port, "echo_interval_ms = 200"));
    auto echo = sim.process->wait_for_line("70=301", 3s);
    CHECK(echo.has_value());
    CHECK(sim.process->wait_for_line("response 0810", 2s).has_value());
    std::smatch m;
    auto health = shell_until(gw, {"health"},
                              [](const std::string& out) { return healthy_reports(out) >= 2; });
    INFO(health);
    REQUIRE(std::regex_search(health, m, std::regex{R"(visa\s+healthy\s+(\d+))"}));
    CHECK(std::stoi(m[1]) >= 2); // link up plus at least one echo
  }

  TEST_CASE("an echo health check probes on schedule even while the link is busy") {
    auto sim = start_sim({"--verbose"});
    // The idle echo would wait 30 s; the health check asks every 150 ms.
    auto gw = start_gateway(iso_node()
                            + visa_network(sim.port, "[networks.health_check]\nkind = \"echo\"\n"
                                                     "interval_ms = 150\njitter_ms = 0\n"));
    iso_test_client client{gw.iso_port};
    for (int i = 0; i < 5; ++i) {
      client.send(make_request("4111111111111111", 100, "00020" + std::to_string(i)));
      REQUIRE(code_of(client.receive(2s)) == "00");
    }
    CHECK(sim.process->wait_for_line("70=301", 3s).has_value());
    CHECK(sim.process->wait_for_line("response 0810", 2s).has_value());
  }

  TEST_CASE("tcp_connect probes report on schedule and name the host once it is gone") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node()
                            + visa_network(sim.port,
                                           "[networks.health_check]\nkind = \"tcp_connect\"\n"
                                           "interval_ms = 100\njitter_ms = 0\ntimeout_ms = 500\n"
                                           "unhealthy_threshold = 2\n"));
    std::smatch m;
    // Links report once each when they come up; the probes keep reporting.
    auto health = shell_until(gw, {"health"},
                              [](const std::string& out) { return healthy_reports(out) >= 8; });
    INFO(health);
    REQUIRE(std::regex_search(health, m, std::regex{R"(visa\s+healthy\s+(\d+))"}));
    CHECK(std::stoi(m[1]) >= 8);
    sim.process->signal(SIGKILL);
    sim.process->wait(2s);
    health = shell_until(gw, {"health"}, [](const std::string& out) {
      return out.find("tcp_connect probe failed") != std::string::npos;
    });
    INFO(health);
    CHECK(health.find("unhealthy") != std::string::npos);
    CHECK(health.find("tcp_connect probe failed: 127.0.0.1:" + std::to_string(sim.port))
          != std::string::npos);
  }

  TEST_CASE("an acquirer connection idle past the idle timeout is closed and counted") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node("idle_timeout_ms = 300") + visa_network(sim.port, ""));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 100, "000311"));
    CHECK(code_of(client.receive(3s)) == "00");
    auto started = std::chrono::steady_clock::now();
    CHECK(client.is_closed_by_peer(3s));
    CHECK(std::chrono::steady_clock::now() - started >= 200ms);
    auto listeners = shell(gw, {"listeners"});
    INFO(listeners);
    // IDLE-CLOSED 1, then WEBSOCKETS and NOTIFICATIONS "-" (TLS-FAIL, SIGNED-ON and
    // CERT-EXPIRES "-" follow).
    CHECK(
      std::regex_search(listeners, std::regex{R"(iso8583-0\s.*\s1\s+-\s+-\s+\d+\s+\d+\s+-\n)"}));
  }

  TEST_CASE("connections over the listener's limit are refused while the first keeps working") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node("max_connections = 1") + visa_network(sim.port, ""));
    iso_test_client first{gw.iso_port};
    first.send(make_request("4111111111111111", 100, "000321"));
    CHECK(code_of(first.receive(3s)) == "00");
    iso_test_client second{gw.iso_port};
    CHECK(second.is_closed_by_peer(2s));
    first.send(make_request("4111111111111111", 100, "000322"));
    CHECK(code_of(first.receive(3s)) == "00");
  }
}
