// The status page in a real browser: headless Chromium loads GET / from a node carrying ISO 8583
// traffic, and what the page shows once its charts have drawn is checked against what the test
// sent and what /status says. The DOM and a screenshot are kept in the build's test-output
// directory.
//
// Chromium is driven over the DevTools protocol rather than with --dump-dom: a dump happens at
// the load event (before the first poll answers) or, with --virtual-time-budget, after virtual
// seconds that pass in a few real milliseconds, while the node renders /status once a real
// second; a rate needs two renders, so the page must live in real time.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"
#include "tests/integration/rpc_test_client.hpp"
#include "tests/integration/ws_test_client.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <doctest/doctest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using namespace switchyard::testing;

namespace {

constexpr const char* chromium = "/usr/bin/chromium";
const std::filesystem::path output_dir{SWITCHYARD_TEST_OUTPUT_DIR};

std::string from_base64(std::string_view text) {
  constexpr std::string_view alphabet
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int held = 0;
  for (char c : text) {
    auto digit = alphabet.find(c);
    if (digit == std::string_view::npos)
      break;
    bits = (bits << 6U) | static_cast<std::uint32_t>(digit);
    held += 6;
    if (held >= 8) {
      held -= 8;
      out.push_back(static_cast<char>((bits >> static_cast<unsigned>(held)) & 0xFFU));
    }
  }
  return out;
}

// Headless Chromium showing one page, driven over the DevTools protocol on loopback; stopped,
// and its profile removed, when the object goes out of scope.
class browser {
public:
  explicit browser(const std::string& url)
      : profile_(std::filesystem::temp_directory_path()
                 / ("switchyard-chromium-" + std::to_string(getpid()))) {
    process_ = std::make_unique<child_process>(
      chromium,
      std::vector<std::string>{
        "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
        "--user-data-dir=" + profile_.string(), "--window-size=1200,900", "--hide-scrollbars",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", url});
    auto line = process_->wait_for_line("DevTools listening on ws://", 15s);
    REQUIRE_MESSAGE(line.has_value(), process_->output());
    std::smatch m;
    REQUIRE(std::regex_search(*line, m, std::regex{R"(ws://127\.0\.0\.1:(\d+)/)"}));
    page_ = attach(static_cast<std::uint16_t>(std::stoi(m[1])));
  }

  ~browser() {
    page_.reset();
    process_->signal(SIGTERM);
    if (!process_->wait(5s))
      process_->signal(SIGKILL);
    std::error_code ignored;
    std::filesystem::remove_all(profile_, ignored);
  }

  browser(const browser&) = delete;
  browser& operator=(const browser&) = delete;

  // Calls `method` and returns its result; fails the test on an error or after 5 s.
  boost::json::value call(const std::string& method, boost::json::object params = {}) {
    auto id = ++last_id_;
    boost::json::object message{{"id", id}, {"method", method}, {"params", std::move(params)}};
    REQUIRE(page_->send(boost::json::serialize(message)));
    for (;;) {
      auto text = page_->receive(5s);
      REQUIRE_MESSAGE(text.has_value(), "no answer to " << method);
      auto answer = parse_json(*text).as_object();
      if (answer.contains("id") && answer.at("id").to_number<std::int64_t>() == id) {
        REQUIRE_MESSAGE(!answer.contains("error"), method << ": " << *text);
        return answer.at("result");
      }
    }
  }

  // Evaluates a JavaScript expression whose value is a string in the page; nothing when it
  // throws or is not a string (the page may still be loading).
  std::optional<std::string> evaluate(const std::string& expression) {
    // The browser's diagnostics go to the same pipe as the DevTools line: keep it drained.
    process_->wait_for_line("\x01", 1ms);
    auto result = call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
    const auto& value = result.at("result").as_object();
    if (!value.contains("value") || !value.at("value").is_string())
      return std::nullopt;
    return std::string{value.at("value").as_string()};
  }

  // Returns a PNG of the page's viewport.
  std::string screenshot() {
    auto result = call("Page.captureScreenshot", {{"format", "png"}});
    return from_base64(result.at("data").as_string());
  }

private:
  // Connects to the page's own DevTools endpoint, found in the browser's target list.
  static std::unique_ptr<ws_test_client> attach(std::uint16_t port) {
    rpc_test_client http{port};
    REQUIRE(http.send_raw("GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    auto list = http.receive(5s);
    REQUIRE(list.has_value());
    auto targets = parse_json(list->body);
    for (const auto& target : targets.as_array()) {
      if (target.at("type").as_string() != "page")
        continue;
      std::string ws{target.at("webSocketDebuggerUrl").as_string()};
      auto path = ws.substr(ws.find('/', std::string_view{"ws://"}.size()));
      return std::make_unique<ws_test_client>(port, path);
    }
    FAIL("no page among the browser's targets: " << list->body);
    return nullptr;
  }

  std::filesystem::path profile_;
  std::unique_ptr<child_process> process_;
  std::unique_ptr<ws_test_client> page_;
  std::int64_t last_id_ = 0;
};

// What the page shows, as one line the test can wait on: polls, the visa row's requests, the
// visa chart's points and peak rate.
constexpr const char* page_summary = R"js((() => {
  const row = document.querySelector('tr[data-network="visa"] td.requests');
  const chart = document.querySelector('figure[data-chart="visa"] canvas');
  return [(document.body && document.body.dataset.polls) || "0", row ? row.dataset.value : "-",
          chart ? chart.dataset.points : "-", chart ? chart.dataset.peak : "-"].join(" ");
})())js";

// Asks the page for its summary every 200 ms until `done` holds or 10 s pass; returns the last.
template <class Done>
std::string wait_for_page(browser& b, Done done) {
  std::string summary;
  for (int i = 0; i < 50; ++i) {
    summary = b.evaluate(page_summary).value_or("0 - - -");
    std::istringstream fields{summary};
    std::string polls, requests, points, peak;
    fields >> polls >> requests >> points >> peak;
    if (done(polls, requests, points, peak))
      break;
    std::this_thread::sleep_for(200ms);
  }
  return summary;
}

void send_approvals(iso_test_client& client, int from, int count) {
  for (int i = from; i < from + count; ++i) {
    client.send(make_request("4111111111111111", 100, "1000" + std::to_string(10 + i)));
    CHECK(code_of(client.receive(3s)) == "00");
  }
}

bool has(const std::string& dom, const std::string& pattern) {
  return std::regex_search(dom, std::regex{pattern});
}

} // namespace

TEST_SUITE("admin status page in a browser") {
  TEST_CASE("the page shows the node's networks, counts, listener and a drawn throughput chart") {
    REQUIRE_MESSAGE(std::filesystem::exists(chromium),
                    "chromium is missing: run tools/lib/deps.sh");
    auto sim = start_sim({});
    auto gw
      = start_gateway(iso_node() + iso_network("visa", sim.port, "rules = [{ default = true }]")
                      + admin_http_on_any_port);
    auto port = admin_http_port(gw);
    iso_test_client client{gw.iso_port};
    send_approvals(client, 0, 5);

    browser chrome{"http://127.0.0.1:" + std::to_string(port) + "/"};
    auto first = wait_for_page(chrome, [](auto& polls, auto&...) { return polls != "0"; });
    REQUIRE_MESSAGE(first.front() != '0', first);
    // Traffic while the page watches gives its chart a rate above zero.
    for (int round = 0; round < 5; ++round) {
      send_approvals(client, 5 + round, 1);
      std::this_thread::sleep_for(300ms);
    }
    auto summary = wait_for_page(chrome, [](auto&, auto& requests, auto& points, auto& peak) {
      return requests == "10" && points != "-" && std::stoi(points) >= 2 && std::stod(peak) > 0;
    });
    INFO("page summary (polls requests points peak): " << summary);

    auto dom = chrome.evaluate("document.documentElement.outerHTML").value_or("");
    std::filesystem::create_directories(output_dir);
    std::ofstream{output_dir / "status-page.html"} << dom;
    auto png = chrome.screenshot();
    std::ofstream{output_dir / "status-page.png", std::ios::binary} << png;

    auto status = parse_json(http_get(port, "/status").body);
    const auto& visa = status.at("stats").as_array()[0].as_object();
    CHECK(visa.at("network").as_string() == "visa");
    CHECK(visa.at("requests").to_number<int>() == 10);
    CHECK(has(dom, R"(<span id="node-name">e2e</span>)"));
    CHECK(has(dom, R"(<span id="readiness" class="badge ok" data-ready="true">ready: )"));
    CHECK(has(dom, R"(<tr data-network="visa" data-state="healthy">)"));
    CHECK(has(dom, R"(<td class="num requests" data-value="10">10</td>)"));
    CHECK(has(dom, R"(<td class="num responses" data-value="10">10</td>)"));
    CHECK(has(dom, R"(<td class="num timeouts" data-value="0">0</td>)"));
    CHECK(has(dom, R"(<td class="num links" data-value="2/2">)"));
    // The answer-time cell shows the node's p50 and p99 estimates (the page, the same numbers).
    auto p50 = visa.at("latency_ms").at("p50").to_number<double>();
    CHECK(p50 > 0);
    CHECK(has(dom, R"re(<td class="num latency" data-p50="[0-9.e-]+" data-p99="[0-9.e-]+">)re"));
    CHECK(has(dom, "<td class=\"host\">127.0.0.1:" + std::to_string(sim.port)));
    CHECK(has(dom, R"(<tr data-listener="iso8583-0">)"));
    CHECK(has(dom, "<td class=\"endpoint\">127.0.0.1:" + std::to_string(gw.iso_port) + "</td>"));
    CHECK(has(dom, R"(<figure data-chart="visa">)"));
    CHECK(has(
      dom, R"re(<canvas role="img" data-points="([2-9]|\d\d+)" data-peak="(?!0\.00")[\d.]+")re"));

    REQUIRE(png.size() > 10000);
    CHECK(png.starts_with("\x89PNG\r\n\x1a\n"));
    CHECK(std::filesystem::file_size(output_dir / "status-page.png") == png.size());
  }
}
