#pragma once

// Loopback clients for sim-jsonrpc process tests: HTTP/1.1 (plain or TLS) and WebSocket, every
// exchange bounded in time.

#include "tests/integration/child_process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::testing {

/// A sim-jsonrpc started on an OS-chosen loopback port.
struct running_rpc_sim {
  std::unique_ptr<child_process> process; ///< killed when the test ends
  std::uint16_t port = 0;                 ///< the port it listens on
};

/// Starts sim-jsonrpc with `args` on 127.0.0.1 port 0 and waits for its listening line.
running_rpc_sim start_rpc_sim(std::vector<std::string> args);

/// An HTTP response as the tests look at it.
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

/// How an exchange ended.
enum class exchange_status { answered, closed, timed_out };

/// The outcome of one request.
struct http_outcome {
  exchange_status status = exchange_status::timed_out; ///< answered, closed or timed out
  http_response response;                              ///< set when answered
};

/// A keep-alive HTTP/1.1 client of 127.0.0.1:`port`, TLS-secured when given a context.
class rpc_http_client {
public:
  /// Connects; `tls` (verifying the server) makes it HTTPS.
  explicit rpc_http_client(std::uint16_t port, boost::asio::ssl::context* tls = nullptr);

  /// POSTs `body` as `content_type` to / and reads the response within `timeout`.
  http_outcome post(const std::string& body, const std::string& content_type = "application/json",
                    std::chrono::milliseconds timeout = std::chrono::seconds{5});

  /// Sends `request` and reads the response within `timeout`.
  http_outcome exchange(boost::beast::http::request<boost::beast::http::string_body> request,
                        std::chrono::milliseconds timeout = std::chrono::seconds{5});

  /// Writes `bytes` as they are, then reads `count` responses within `timeout`.
  std::vector<http_response> exchange_raw(const std::string& bytes, std::size_t count,
                                          std::chrono::milliseconds timeout);

private:
  bool run(std::chrono::milliseconds timeout, const bool& done);

  boost::asio::io_context ioc_;
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure_;
  boost::beast::flat_buffer buffer_;
};

/// A WebSocket client of ws://127.0.0.1:`port`/, or wss:// when given a TLS context.
class rpc_ws_client {
public:
  /// Connects and completes the upgrade within five seconds; `tls` (verifying the server)
  /// makes it WSS.
  explicit rpc_ws_client(std::uint16_t port, boost::asio::ssl::context* tls = nullptr);

  /// Returns true when the upgrade succeeded.
  bool connected() const { return connected_; }

  /// Sends one text message.
  bool send(const std::string& text);

  /// Returns the next message received within `timeout`, or nothing.
  std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::seconds{5});

private:
  using plain_ws = boost::beast::websocket::stream<boost::beast::tcp_stream>;
  using secure_ws
    = boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

  bool run(std::chrono::milliseconds timeout, const bool& done);

  template <class F>
  void with_stream(F&& f) {
    if (plain_)
      f(*plain_);
    else
      f(*secure_);
  }

  boost::asio::io_context ioc_;
  std::optional<plain_ws> plain_;
  std::optional<secure_ws> secure_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

} // namespace switchyard::testing
