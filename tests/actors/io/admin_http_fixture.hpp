#pragma once

// The admin HTTP endpoint's test harness: the server on a thread of its own, a client on its
// own io_context with every wait bounded (real loopback sockets).

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

namespace switchyard::test::admin_http {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using switchyard::admin_http_limits;
using switchyard::admin_http_server;
using switchyard::admin_page_board;
using switchyard::admin_pages;

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

inline std::string get(std::string_view target, std::string_view method = "GET") {
  return std::string{method} + " " + std::string{target} + " HTTP/1.1\r\nHost: node\r\n\r\n";
}

const std::string metrics_page = "# TYPE switchyard_up gauge\nswitchyard_up 1\n";
const std::string status_page = R"({"node":"a","networks":2})";

} // namespace switchyard::test::admin_http
