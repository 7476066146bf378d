// The admin HTTP endpoint's pages rendered from a node's picture: Prometheus text, status
// JSON and the readiness verdict.

#include "actors/node_picture.hpp"

#include "core/latency_histogram.hpp"
#include "tests/metric_sample.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <sstream>

using namespace switchyard;
using switchyard::testing::metric_sample;

namespace {

node_picture sample_picture() {
  node_picture p;
  p.status.node = "sw-1";
  p.status.version = "0.1.0";
  p.status.uptime_ms = 2500;
  p.status.actors = {{"node", "running", 0, 1, true}, {"node/router", "running", 2, 2, false}};
  network_status visa;
  visa.name = "visa";
  visa.protocol = "iso8583";
  visa.hosts = {"127.0.0.1:9583 (weight 1)"};
  visa.connected = true;
  visa.healthy = true;
  network_status eth = visa;
  eth.name = "eth \"main\"";
  eth.protocol = "jsonrpc";
  eth.healthy = false;
  p.status.networks = {visa, eth};
  connector_stats s;
  s.network = "visa";
  s.links = 2;
  s.links_up = 1;
  s.requests = 10;
  s.responses = 7;
  s.timeouts = 2;
  s.unavailable = 1;
  s.reversals_pending = 3;
  s.alarms = {"journal cannot be written"};
  // Three answers: 0.8 ms, 3 ms and 30 s (le 0.001, le 0.005, +Inf).
  s.latency_buckets.assign(core::latency_histogram::bounds.size() + 1, 0);
  s.latency_buckets[1] = 1;
  s.latency_buckets[3] = 1;
  s.latency_buckets.back() = 1;
  s.latency_sum_s = 30.0038;
  p.stats = {s};
  pool_stats pool;
  pool.network = "visa";
  pool.host = "127.0.0.1:9583";
  pool.size = 2;
  pool.open = 1;
  pool.opened = 4;
  pool.breaker = "half_open";
  pool.breaker_opened = 3;
  pool.closed = 3;
  p.pools = {pool};
  listener_status l;
  l.name = "iso8583-8583";
  l.protocol = "iso8583";
  l.endpoint = "127.0.0.1:8583";
  l.active = 1;
  l.accepted = 5;
  l.format_errors = 4;
  p.listeners = {l};
  p.configured_listeners = 1;
  network_health h;
  h.network = "visa";
  h.consecutive_failures = 1;
  p.health = {h};
  return p;
}

} // namespace

TEST_SUITE("node picture") {
  TEST_CASE("metrics carry a listener's failed TLS handshakes and signed-on connections") {
    auto picture = sample_picture();
    picture.listeners[0].tls_failures = 3;
    picture.listeners[0].signed_on = 2;
    auto text = prometheus_text(picture);
    CHECK(metric_sample(
            text,
            R"(switchyard_listener_tls_failures_total{listener="iso8583-8583",protocol="iso8583"})")
          == "3");
    CHECK(
      metric_sample(
        text,
        R"(switchyard_listener_signed_on_connections{listener="iso8583-8583",protocol="iso8583"})")
      == "2");
  }

  TEST_CASE("metrics carry each counter under its network, host or listener") {
    auto text = prometheus_text(sample_picture());
    CHECK(metric_sample(text, R"(switchyard_network_requests_total{network="visa"})") == "10");
    CHECK(metric_sample(
            text, R"(switchyard_network_gateway_answers_total{network="visa",reason="timeout"})")
          == "2");
    CHECK(
      metric_sample(
        text, R"(switchyard_network_gateway_answers_total{network="visa",reason="unavailable"})")
      == "1");
    CHECK(metric_sample(text, R"(switchyard_network_connections{network="visa",state="up"})")
          == "1");
    CHECK(metric_sample(text, R"(switchyard_reversals_owed{network="visa"})") == "3");
    CHECK(metric_sample(text, R"(switchyard_network_alarms{network="visa"})") == "1");
    CHECK(metric_sample(text, R"(switchyard_network_up{network="visa",protocol="iso8583"})")
          == "1");
    CHECK(metric_sample(text, R"(switchyard_network_up{network="eth \"main\"",protocol="jsonrpc"})")
          == "0");
    CHECK(
      metric_sample(
        text,
        R"(switchyard_pool_connection_events_total{network="visa",host="127.0.0.1:9583",event="opened"})")
      == "4");
    CHECK(
      metric_sample(
        text,
        R"(switchyard_listener_rejected_total{listener="iso8583-8583",protocol="iso8583",reason="format"})")
      == "4");
    CHECK(metric_sample(text, R"(switchyard_actor_restarts_total{path="node/router"})") == "2");
    CHECK(
      metric_sample(
        text,
        R"(switchyard_host_breaker_state{network="visa",host="127.0.0.1:9583",state="half_open"})")
      == "1");
    CHECK(metric_sample(
            text,
            R"(switchyard_host_breaker_state{network="visa",host="127.0.0.1:9583",state="closed"})")
          == "0");
    CHECK(metric_sample(
            text, R"(switchyard_host_breaker_opened_total{network="visa",host="127.0.0.1:9583"})")
          == "3");
    CHECK(metric_sample(text, "switchyard_uptime_seconds") == "2.5");
  }

  TEST_CASE("answer times are a cumulative histogram in seconds, and quantiles in the JSON") {
    auto p = sample_picture();
    auto text = prometheus_text(p);
    CHECK(metric_sample(text,
                        R"(switchyard_network_latency_seconds_bucket{network="visa",le="0.0005"})")
          == "0");
    CHECK(
      metric_sample(text, R"(switchyard_network_latency_seconds_bucket{network="visa",le="0.001"})")
      == "1");
    CHECK(
      metric_sample(text, R"(switchyard_network_latency_seconds_bucket{network="visa",le="0.005"})")
      == "2");
    CHECK(
      metric_sample(text, R"(switchyard_network_latency_seconds_bucket{network="visa",le="10"})")
      == "2");
    CHECK(
      metric_sample(text, R"(switchyard_network_latency_seconds_bucket{network="visa",le="+Inf"})")
      == "3");
    CHECK(metric_sample(text, R"(switchyard_network_latency_seconds_count{network="visa"})")
          == "3");
    CHECK(metric_sample(text, R"(switchyard_network_latency_seconds_sum{network="visa"})")
          == "30.0038");
    auto json = boost::json::parse(status_json(p)).as_object();
    auto latency = json.at("stats").as_array()[0].at("latency_ms");
    CHECK(latency.at("p99").to_number<double>() == doctest::Approx(10000.0)); // the +Inf bucket
    CHECK(latency.at("p50").to_number<double>() > 0.5);
    CHECK(latency.at("p50").to_number<double>() <= 5.0);
    p.stats[0].latency_buckets.clear(); // a connector that reports no histogram
    CHECK(metric_sample(prometheus_text(p),
                        R"(switchyard_network_latency_seconds_count{network="visa"})")
            .empty());
  }

  TEST_CASE("every family has HELP and TYPE once, counters end in _total, samples follow them") {
    auto text = prometheus_text(sample_picture());
    std::istringstream lines{text};
    std::set<std::string> typed;
    std::string current;
    std::regex type_line{R"(# TYPE (\w+) (counter|gauge|histogram))"};
    std::regex sample_line{R"((\w+)(\{[^}]*\})? -?[0-9.e+-]+)"};
    std::regex histogram_sample{R"((\w+)_(bucket|sum|count))"};
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (line.rfind("# HELP ", 0) == 0)
        continue;
      if (std::regex_match(line, m, type_line)) {
        CHECK(typed.insert(m[1]).second);
        CHECK((m[2] == "counter") == std::string{m[1]}.ends_with("_total"));
        current = m[1];
        continue;
      }
      REQUIRE_MESSAGE(std::regex_match(line, m, sample_line), line);
      std::string name = m[1];
      std::smatch h;
      if (std::regex_match(name, h, histogram_sample) && h[1] == current)
        continue;
      CHECK(name == current);
    }
    CHECK(typed.size() > 20);
  }

  TEST_CASE("the status JSON parses and names what the shell shows") {
    auto json = boost::json::parse(status_json(sample_picture())).as_object();
    CHECK(json.at("node").as_string() == "sw-1");
    CHECK(json.at("uptime_ms").as_int64() == 2500);
    CHECK(json.at("networks").as_array().size() == 2);
    CHECK(json.at("networks").as_array()[1].at("name").as_string() == "eth \"main\"");
    CHECK(json.at("stats").as_array()[0].at("alarms").as_array()[0].as_string()
          == "journal cannot be written");
    CHECK(json.at("listeners").as_array()[0].at("accepted").as_int64() == 5);
    CHECK(json.at("pools").as_array()[0].at("breaker").as_string() == "half_open");
    CHECK(json.at("ready").as_bool());
  }

  TEST_CASE("ready needs every listener up and a healthy network") {
    auto p = sample_picture();
    auto ok = readiness_of(p);
    CHECK(ok.ready);
    CHECK(ok.reason == "ready: 1 of 1 listeners up, 1 of 2 networks healthy");
    p.configured_listeners = 2;
    CHECK_FALSE(readiness_of(p).ready);
    p.configured_listeners = 1;
    p.status.networks[0].healthy = false;
    auto none = readiness_of(p);
    CHECK_FALSE(none.ready);
    CHECK(none.reason == "not ready: 1 of 1 listeners up, 0 of 2 networks healthy");
    p.status.networks.clear();
    CHECK(readiness_of(p).ready); // a node without networks serves its listeners only
  }
}
