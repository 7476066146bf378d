// The admin HTTP endpoint against real loopback sockets: the server runs on its own thread,
// each client on its own io_context with every wait bounded.

#include "actors/io/admin_http.hpp"

#include "actors/io/admin_page.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using switchyard::admin_http_limits;
using switchyard::admin_http_server;
using switchyard::admin_page_board;
using switchyard::admin_pages;

namespace {

constexpr std::string_view prometheus_type = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view text_type = "text/plain; charset=utf-8";

// The node's io_context, run on a thread of its own while the test lasts.
struct node_thread {
  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(io);
  std::thread thread{[this] {
    io.run();
  }};

  node_thread() = default;
  node_thread(const node_thread&) = delete;
  node_thread& operator=(const node_thread&) = delete;

  ~node_thread() {
    work.reset();
    io.stop();
    thread.join();
  }
};

// An admin endpoint on 127.0.0.1, port chosen by the OS, with a board nothing stored to yet.
struct endpoint {
  node_thread node;
  std::shared_ptr<admin_page_board> board = std::make_shared<admin_page_board>();
  std::unique_ptr<admin_http_server> server;

  explicit endpoint(admin_http_limits limits = {}) {
    std::string error;
    server = admin_http_server::start(node.io, "127.0.0.1", 0, board, error, limits);
    REQUIRE_MESSAGE(server != nullptr, error);
    REQUIRE(error.empty());
  }

  void store(std::string metrics, std::string status, bool ready, std::string readiness) {
    board->store(std::make_shared<const admin_pages>(
      admin_pages{std::move(metrics), std::move(status), ready, std::move(readiness)}));
  }
};

struct reply {
  unsigned status = 0;
  std::string content_type;
  std::string content_length;
  std::string cache_control;
  std::string allow;
  std::string body;
  bool keep_alive = false;
};

// One client connection; every operation gives up after three seconds.
class client {
public:
  explicit client(std::uint16_t port) {
    auto ec = run([&](auto done) {
      socket_.async_connect({net::ip::make_address("127.0.0.1"), port}, done);
    });
    REQUIRE_MESSAGE(!ec, ec.message());
  }

  void send(std::string_view bytes) { net::write(socket_, net::buffer(bytes)); }

  // Reads one response (of a HEAD request when `head`); none when the read fails.
  std::optional<reply> read(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    auto ec = run([&](auto done) { bhttp::async_read(socket_, buffer_, parser, done); });
    if (ec)
      return std::nullopt;
    const auto& res = parser.get();
    return reply{res.result_int(),
                 std::string{res[bhttp::field::content_type]},
                 std::string{res[bhttp::field::content_length]},
                 std::string{res[bhttp::field::cache_control]},
                 std::string{res[bhttp::field::allow]},
                 res.body(),
                 res.keep_alive()};
  }

  // Sends `request` and reads its response.
  std::optional<reply> ask(std::string_view request, bool head = false) {
    send(request);
    return read(head);
  }

  // Returns true when the server closes the connection without sending anything more.
  bool sees_close() {
    if (buffer_.size() > 0)
      return false;
    std::array<char, 256> scratch{};
    auto ec = run([&](auto done) { socket_.async_read_some(net::buffer(scratch), done); });
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

private:
  template <class Start>
  boost::system::error_code run(Start start) {
    boost::system::error_code result;
    bool done = false;
    start([&](boost::system::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    io_.restart();
    io_.run_for(3s);
    if (done)
      return result;
    socket_.close();
    io_.restart();
    io_.run();
    return net::error::timed_out;
  }

  net::io_context io_;
  tcp::socket socket_{io_};
  boost::beast::flat_buffer buffer_;
};

std::string get(std::string_view target, std::string_view method = "GET") {
  return std::string{method} + " " + std::string{target} + " HTTP/1.1\r\nHost: node\r\n\r\n";
}

const std::string metrics_page = "# TYPE switchyard_up gauge\nswitchyard_up 1\n";
const std::string status_page = R"({"node":"a","networks":2})";

} // namespace

TEST_SUITE("admin http endpoint") {
  TEST_CASE("serves every page with its status, content type, no-store and length") {
    endpoint e;
    e.store(metrics_page, status_page, true, "ready: 2 of 2 networks up\n");
    client c{e.server->port()};

    struct expected {
      std::string_view target;
      unsigned status;
      std::string_view content_type;
      std::string body;
    };

    for (const auto& x : {expected{"/metrics", 200, prometheus_type, metrics_page},
                          expected{"/status", 200, "application/json", status_page},
                          expected{"/healthz", 200, text_type, "ok\n"},
                          expected{"/readyz", 200, text_type, "ready: 2 of 2 networks up\n"}}) {
      CAPTURE(x.target);
      auto r = c.ask(get(x.target));
      REQUIRE(r);
      CHECK(r->status == x.status);
      CHECK(r->content_type == x.content_type);
      CHECK(r->body == x.body);
      CHECK(r->content_length == std::to_string(x.body.size()));
      CHECK(r->cache_control == "no-store");
      CHECK(r->keep_alive);
    }
  }

  TEST_CASE("answers readyz 503 with the readiness line when not ready") {
    endpoint e;
    e.store(metrics_page, status_page, false, "not ready: network visa has no host up\n");
    client c{e.server->port()};
    auto r = c.ask(get("/readyz"));
    REQUIRE(r);
    CHECK(r->status == 503);
    CHECK(r->content_type == text_type);
    CHECK(r->body == "not ready: network visa has no host up\n");
  }

  TEST_CASE("answers 503 starting before the first store while healthz is ok") {
    endpoint e;
    client c{e.server->port()};
    for (std::string_view target : {"/metrics", "/status", "/readyz"}) {
      CAPTURE(target);
      auto r = c.ask(get(target));
      REQUIRE(r);
      CHECK(r->status == 503);
      CHECK(r->body == "starting\n");
      CHECK(r->cache_control == "no-store");
    }
    auto health = c.ask(get("/healthz"));
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->body == "ok\n");
  }

  TEST_CASE("a store is seen by the next request on the same keep-alive connection") {
    endpoint e;
    e.store("first 1\n", "{}", true, "ready\n");
    client c{e.server->port()};
    auto before = c.ask(get("/metrics"));
    REQUIRE(before);
    CHECK(before->body == "first 1\n");
    e.store("second 2\n", R"({"v":2})", false, "draining\n");
    auto after = c.ask(get("/metrics"));
    REQUIRE(after);
    CHECK(after->body == "second 2\n");
    auto status = c.ask(get("/status"));
    REQUIRE(status);
    CHECK(status->body == R"({"v":2})");
  }

  TEST_CASE("refuses methods other than GET and HEAD with 405 and Allow, keeping the connection") {
    endpoint e;
    e.store(metrics_page, status_page, true, "ready\n");
    client c{e.server->port()};
    for (std::string_view method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
      CAPTURE(method);
      auto r = c.ask(std::string{method} + " /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
      REQUIRE(r);
      CHECK(r->status == 405);
      CHECK(r->allow == "GET, HEAD");
      CHECK(r->cache_control == "no-store");
      CHECK(r->keep_alive);
    }
    auto after = c.ask(get("/metrics"));
    REQUIRE(after);
    CHECK(after->body == metrics_page);
  }

  TEST_CASE("answers 404 for unknown paths and ignores query strings") {
    endpoint e;
    e.store(metrics_page, status_page, true, "ready\n");
    client c{e.server->port()};
    for (std::string_view target : {"/metrics/", "/Metrics", "/statusx", "/admin", "/index.htm"}) {
      CAPTURE(target);
      auto r = c.ask(get(target));
      REQUIRE(r);
      CHECK(r->status == 404);
      CHECK(r->cache_control == "no-store");
    }
    auto query = c.ask(get("/metrics?name[]=switchyard_up&x=1"));
    REQUIRE(query);
    CHECK(query->status == 200);
    CHECK(query->body == metrics_page);
  }

  TEST_CASE("serves the status page at / and /index.html as HTML, before any store") {
    endpoint e;
    client c{e.server->port()};
    for (std::string_view target : {"/", "/index.html", "/?refresh=1"}) {
      CAPTURE(target);
      auto r = c.ask(get(target));
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->content_type == "text/html; charset=utf-8");
      CHECK(r->cache_control == "no-store");
      CHECK(r->body == switchyard::admin_index_html());
      CHECK(r->body.starts_with("<!doctype html>"));
      CHECK(r->body.find("<title>Switchyard status</title>") != std::string::npos);
      CHECK(r->body.find("fetch(\"/status\"") != std::string::npos);
      // Self-contained: no address of anything outside the node.
      CHECK(r->body.find("://") == std::string::npos);
    }
  }

  TEST_CASE("answers HEAD with GET's headers and Content-Length but no body") {
    endpoint e;
    e.store(metrics_page, status_page, true, "ready\n");
    client c{e.server->port()};
    auto head = c.ask(get("/metrics", "HEAD"), true);
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->content_type == prometheus_type);
    CHECK(head->content_length == std::to_string(metrics_page.size()));
    CHECK(head->body.empty());
    // Had any body bytes been sent, they would be read here as the next response's start.
    auto next = c.ask(get("/status"));
    REQUIRE(next);
    CHECK(next->status == 200);
    CHECK(next->body == status_page);
  }

  TEST_CASE("answers pipelined requests in order") {
    endpoint e;
    e.store(metrics_page, status_page, true, "ready\n");
    client c{e.server->port()};
    c.send(get("/status") + get("/healthz") + get("/metrics", "HEAD") + get("/nope")
           + get("/metrics"));
    auto status = c.read();
    auto health = c.read();
    auto head = c.read(true);
    auto missing = c.read();
    auto metrics = c.read();
    REQUIRE((status && health && head && missing && metrics));
    CHECK(status->body == status_page);
    CHECK(health->body == "ok\n");
    CHECK(head->content_length == std::to_string(metrics_page.size()));
    CHECK(missing->status == 404);
    CHECK(metrics->body == metrics_page);
  }

  TEST_CASE("refuses a request with content unread and closes after the answer") {
    endpoint e;
    e.store(metrics_page, status_page, true, "ready\n");
    SUBCASE("a GET with a body is answered 413") {
      client c{e.server->port()};
      auto r = c.ask("GET /status HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" + get("/status"));
      REQUIRE(r);
      CHECK(r->status == 413);
      CHECK_FALSE(r->keep_alive);
      CHECK(c.sees_close());
    }
    SUBCASE("a POST with a chunked body is answered 405") {
      client c{e.server->port()};
      auto r = c.ask(
        "POST /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      REQUIRE(r);
      CHECK(r->status == 405);
      CHECK(r->allow == "GET, HEAD");
      CHECK_FALSE(r->keep_alive);
      CHECK(c.sees_close());
    }
  }

  TEST_CASE("answers a request head over 8 KiB with 431 and closes") {
    endpoint e;
    client c{e.server->port()};
    auto r = c.ask("GET /healthz HTTP/1.1\r\nX-Filler: " + std::string(9000, 'a') + "\r\n\r\n");
    REQUIRE(r);
    CHECK(r->status == 431);
    CHECK(c.sees_close());
  }

  TEST_CASE("answers malformed requests with 400 and closes") {
    endpoint e;
    client c{e.server->port()};
    auto r = c.ask("GET /healthz HTTP/9.x\r\n\r\n");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(c.sees_close());
  }

  TEST_CASE("serves HTTP/1.0, closing unless the client asks to keep alive") {
    endpoint e;
    SUBCASE("without keep-alive") {
      client c{e.server->port()};
      auto r = c.ask("GET /healthz HTTP/1.0\r\n\r\n");
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == "ok\n");
      CHECK(c.sees_close());
    }
    SUBCASE("with keep-alive") {
      client c{e.server->port()};
      for (int i = 0; i < 2; ++i) {
        auto r = c.ask("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->keep_alive);
      }
    }
    SUBCASE("HTTP/1.1 with Connection: close") {
      client c{e.server->port()};
      auto r = c.ask("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
      REQUIRE(r);
      CHECK_FALSE(r->keep_alive);
      CHECK(c.sees_close());
    }
  }

  TEST_CASE("closes a connection idle past the idle timeout") {
    admin_http_limits limits;
    limits.idle_timeout = 200ms;
    endpoint e{limits};
    client c{e.server->port()};
    auto r = c.ask(get("/healthz"));
    REQUIRE(r);
    auto since = std::chrono::steady_clock::now();
    CHECK(c.sees_close());
    CHECK(std::chrono::steady_clock::now() - since >= 150ms);
  }

  TEST_CASE("closes a connection whose request stalls past the read timeout") {
    admin_http_limits limits;
    limits.read_timeout = 200ms;
    limits.idle_timeout = 30s; // far beyond the client's three-second bound
    endpoint e{limits};
    client c{e.server->port()};
    c.send("GET /healthz HTTP/1.1\r\nHost: no");
    CHECK(c.sees_close());
  }

  TEST_CASE("refuses connections over the limit of 64 by closing them") {
    endpoint e;
    std::vector<std::unique_ptr<client>> clients;
    for (int i = 0; i < 64; ++i) {
      // Each answered request proves its session is counted before the next connects.
      auto& c = clients.emplace_back(std::make_unique<client>(e.server->port()));
      auto r = c->ask(get("/healthz"));
      REQUIRE(r);
    }
    client extra{e.server->port()};
    CHECK(extra.sees_close());
    auto r = clients.front()->ask(get("/healthz"));
    REQUIRE(r);
    CHECK(r->status == 200);
  }

  TEST_CASE("stop closes an idle connection and refuses new ones") {
    endpoint e;
    auto port = e.server->port();
    client c{port};
    REQUIRE(c.ask(get("/healthz")));
    e.server->stop();
    e.server->stop();
    CHECK(c.sees_close());
    net::io_context io;
    tcp::socket s{io};
    boost::system::error_code ec;
    s.connect({net::ip::make_address("127.0.0.1"), port}, ec);
    CHECK(ec == net::error::connection_refused);
  }

  TEST_CASE("a port already in use gives no server and an error naming it") {
    node_thread node;
    tcp::acceptor taken{node.io, {net::ip::make_address("127.0.0.1"), 0}};
    auto port = taken.local_endpoint().port();
    std::string error;
    auto server = admin_http_server::start(node.io, "127.0.0.1", port,
                                           std::make_shared<admin_page_board>(), error);
    CHECK(server == nullptr);
    CHECK(error.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
    CHECK(error.find("in use") != std::string::npos);
  }

  TEST_CASE("an address that is not an IP address gives no server and an error naming it") {
    node_thread node;
    std::string error;
    auto server = admin_http_server::start(node.io, "localhost.invalid", 9100,
                                           std::make_shared<admin_page_board>(), error);
    CHECK(server == nullptr);
    CHECK(error.find("localhost.invalid:9100") != std::string::npos);
  }

  TEST_CASE("the board holds nothing until stored, then the latest pages") {
    admin_page_board board;
    CHECK(board.load() == nullptr);
    board.store(std::make_shared<const admin_pages>(admin_pages{"m", "{}", true, "ok"}));
    board.store(std::make_shared<const admin_pages>(admin_pages{"n", "{}", false, "no"}));
    auto pages = board.load();
    REQUIRE(pages);
    CHECK(pages->metrics == "n");
    CHECK_FALSE(pages->ready);
  }
}
