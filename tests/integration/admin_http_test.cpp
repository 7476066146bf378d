// The admin HTTP endpoint of a real node: Prometheus metrics that count the traffic a test
// sends, status JSON, liveness and readiness.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"
#include "tests/integration/rpc_test_client.hpp"
#include "tests/metric_sample.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using namespace switchyard::testing;

namespace {

// Fetches /metrics every 100 ms until `series` reads `value` (5 s at most); returns the last.
std::string metrics_until(std::uint16_t port, const std::string& series, const std::string& value) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text = http_get(port, "/metrics").body;
    if (metric_sample(text, series) == value)
      break;
    std::this_thread::sleep_for(100ms);
  }
  return text;
}

} // namespace

TEST_SUITE("admin http end to end") {
  TEST_CASE("metrics count the traffic sent, status names the networks, and the node is ready") {
    auto sim = start_sim({});
    auto gw
      = start_gateway(iso_node() + iso_network("visa", sim.port, "rules = [{ default = true }]")
                      + admin_http_on_any_port);
    auto port = admin_http_port(gw);
    CHECK(http_get(port, "/healthz").status == 200);
    iso_test_client client{gw.iso_port};
    for (int i = 0; i < 5; ++i) {
      client.send(make_request("4111111111111111", 100, "00000" + std::to_string(i + 1)));
      CHECK(code_of(client.receive(3s)) == "00");
    }
    auto text = metrics_until(port, R"(switchyard_network_requests_total{network="visa"})", "5");
    INFO(text);
    CHECK(metric_sample(text, R"(switchyard_network_requests_total{network="visa"})") == "5");
    CHECK(metric_sample(text, R"(switchyard_network_responses_total{network="visa"})") == "5");
    CHECK(metric_sample(text, R"(switchyard_network_latency_seconds_count{network="visa"})")
          == "5");
    CHECK(
      metric_sample(text, R"(switchyard_network_latency_seconds_bucket{network="visa",le="+Inf"})")
      == "5");
    CHECK(metric_sample(
            text, R"(switchyard_listener_requests_total{listener="iso8583-0",protocol="iso8583"})")
          == "5");
    CHECK(metric_sample(text, R"(switchyard_network_up{network="visa",protocol="iso8583"})")
          == "1");
    CHECK(metric_sample(text, R"(switchyard_actor_running{path="node/observer"})") == "1");

    auto status = parse_json(http_get(port, "/status").body);
    CHECK(status.at("node").as_string() == "e2e");
    CHECK(status.at("networks").as_array()[0].at("name").as_string() == "visa");
    auto ready = http_get(port, "/readyz");
    CHECK(ready.status == 200);
    CHECK(ready.body == "ready: 1 of 1 listeners up, 1 of 1 networks healthy\n");
    CHECK(http_get(port, "/nope").status == 404);
  }

  TEST_CASE("a node whose only network cannot be reached is alive but not ready") {
    auto gw = start_gateway(
      iso_node()
      + iso_network("visa", unused_port(), "rules = [{ default = true }]\nconnect_timeout_ms = 200")
      + admin_http_on_any_port);
    auto port = admin_http_port(gw);
    CHECK(http_get(port, "/healthz").status == 200);
    http_answer ready;
    for (int i = 0; i < 50; ++i) {
      ready = http_get(port, "/readyz");
      if (ready.status == 503 && ready.body.starts_with("not ready"))
        break;
      std::this_thread::sleep_for(100ms);
    }
    CHECK(ready.status == 503);
    CHECK(ready.body == "not ready: 1 of 1 listeners up, 0 of 1 networks healthy\n");
  }
}
