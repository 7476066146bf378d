// The admin HTTP endpoint against real loopback sockets: pages, content types, methods and
// readiness (connection handling is admin_http_connection_test.cpp).

#include "tests/actors/io/admin_http_fixture.hpp"

using namespace switchyard::test::admin_http;

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
}
