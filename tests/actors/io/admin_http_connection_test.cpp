// The admin HTTP endpoint against real loopback sockets: pipelining, limits, timeouts,
// HTTP/1.0, stopping, and what it says when it cannot listen.

#include "tests/actors/io/admin_http_fixture.hpp"

using namespace switchyard::test::admin_http;

TEST_SUITE("admin http endpoint: connections") {
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
