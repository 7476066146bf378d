// Prometheus itself against a real node (Debian's prometheus package, which tools/lib/deps.sh
// installs): promtool lints the /metrics exposition of a node carrying traffic, and a Prometheus
// server scraping the node every second answers a PromQL query with the requests the test sent.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"
#include "tests/integration/rpc_test_client.hpp"
#include "tests/metric_sample.hpp"

#include <boost/json/value.hpp>

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace std::chrono_literals;
using namespace switchyard::testing;

namespace {

constexpr const char* promtool = "/usr/bin/promtool";
constexpr const char* prometheus = "/usr/bin/prometheus";

// A folder in the temp directory, removed with everything in it when the test ends.
class temp_dir {
public:
  explicit temp_dir(const std::string& what) {
    static int counter = 0;
    path_
      = std::filesystem::temp_directory_path()
        / ("switchyard-" + what + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path_);
  }

  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::filesystem::path path() const { return path_; }

private:
  std::filesystem::path path_;
};

// A node with one ISO 8583 network ("visa", every request routed there) in front of sim-iso8583.
struct node_under_test {
  sim_process sim = start_sim({});
  gateway_process gw
    = start_gateway(iso_node() + iso_network("visa", sim.port, "rules = [{ default = true }]")
                    + admin_http_on_any_port);
  std::uint16_t admin = admin_http_port(gw);
  iso_test_client acquirer{gw.iso_port};
  int sent = 0;

  // Sends `n` approved requests, each answered before the next goes.
  void send_approved(int n) {
    for (int i = 0; i < n; ++i, ++sent) {
      acquirer.send(make_request("4111111111111111", 100, std::to_string(100001 + sent)));
      REQUIRE(code_of(acquirer.receive(3s)) == "00");
    }
  }
};

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

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4U];
      out += hex[c & 15U];
    }
  }
  return out;
}

// A Prometheus server on loopback scraping `target` every second, its storage in a temp folder;
// killed (and its folder removed) when the object goes out of scope.
class prometheus_server {
public:
  explicit prometheus_server(const std::string& target) : port_{unused_port()} {
    std::ofstream{dir_.path() / "prometheus.yml"}
      << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
         "scrape_configs:\n  - job_name: switchyard\n    static_configs:\n"
         "      - targets: ['"
      << target << "']\n";
    process_ = std::make_unique<child_process>(
      prometheus,
      std::vector<std::string>{"--config.file=" + (dir_.path() / "prometheus.yml").string(),
                               "--storage.tsdb.path=" + (dir_.path() / "data").string(),
                               "--web.listen-address=127.0.0.1:" + std::to_string(port_)});
    if (!process_->wait_for_line("Server is ready to receive web requests", 20s))
      throw std::runtime_error("prometheus did not become ready:\n" + process_->output());
  }

  // Returns the value of the single sample `promql` evaluates to now, or "" when it has none.
  std::string query(const std::string& promql) const {
    auto answer = http_get(port_, "/api/v1/query?query=" + url_encode(promql));
    auto json = parse_json(answer.body);
    const auto& result = json.at("data").at("result").as_array();
    if (result.size() != 1)
      return {};
    return std::string{result[0].at("value").as_array()[1].as_string()};
  }

  // Evaluates `promql` every 200 ms until it reads `value` (20 s at most: Prometheus applies a
  // new scrape target up to 5 s after it starts); returns the last value.
  std::string query_until(const std::string& promql, const std::string& value) const {
    std::string last;
    for (int i = 0; i < 100; ++i) {
      last = query(promql);
      if (last == value)
        break;
      std::this_thread::sleep_for(200ms);
    }
    return last;
  }

  // Returns the scrape target's health ("up") and last error ("" when the scrape succeeded).
  std::pair<std::string, std::string> target_health() const {
    auto json = parse_json(http_get(port_, "/api/v1/targets").body);
    const auto& target = json.at("data").at("activeTargets").as_array().at(0);
    return {std::string{target.at("health").as_string()},
            std::string{target.at("lastError").as_string()}};
  }

  const std::string& log() const { return process_->output(); }

private:
  temp_dir dir_{"prometheus"};
  std::uint16_t port_;
  std::unique_ptr<child_process> process_;
};

} // namespace

TEST_SUITE("admin http and prometheus") {
  TEST_CASE("promtool finds nothing to complain about in the metrics of a node carrying traffic") {
    REQUIRE_MESSAGE(std::filesystem::exists(promtool),
                    "promtool is missing: tools/lib/deps.sh installs Debian's prometheus");
    node_under_test node;
    node.send_approved(5);
    auto text = metrics_until(node.admin,
                              R"(switchyard_network_latency_seconds_count{network="visa"})", "5");
    // Every kind of family is present, so the lint covers counters, gauges and a histogram
    // with samples in it.
    REQUIRE(metric_sample(text, R"(switchyard_network_latency_seconds_count{network="visa"})")
            == "5");
    REQUIRE(text.find("# TYPE switchyard_network_requests_total counter\n") != std::string::npos);
    REQUIRE(text.find("# TYPE switchyard_network_in_flight gauge\n") != std::string::npos);

    temp_dir dir{"promtool"};
    auto file = dir.path() / "metrics.txt";
    std::ofstream{file} << text;
    auto lint = run("/bin/sh", {"-c", std::string{"exec "} + promtool + " check metrics < \""
                                        + file.string() + "\""});
    INFO("promtool said:\n" << lint.output);
    CHECK(lint.exit_code == 0);
    CHECK(lint.output.empty());
  }

  TEST_CASE("a Prometheus server scraping the node every second counts the requests sent") {
    REQUIRE_MESSAGE(std::filesystem::exists(prometheus),
                    "prometheus is missing: tools/lib/deps.sh installs Debian's prometheus");
    node_under_test node;
    node.send_approved(3);
    prometheus_server server{"127.0.0.1:" + std::to_string(node.admin)};
    const std::string requests = R"(sum(switchyard_network_requests_total{network="visa"}))";
    CHECK_MESSAGE(server.query_until(requests, "3") == "3", server.log());

    // Counted again on later scrapes: Prometheus follows the node rather than one snapshot.
    node.send_approved(4);
    CHECK_MESSAGE(server.query_until(requests, "7") == "7", server.log());
    CHECK(server.query(R"(switchyard_network_latency_seconds_count{network="visa"})") == "7");
    auto [health, error] = server.target_health();
    CHECK(health == "up");
    CHECK(error == "");
  }
}
