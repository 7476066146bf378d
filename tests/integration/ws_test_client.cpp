#include "tests/integration/ws_test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <stdexcept>

namespace switchyard::testing {

namespace net = boost::asio;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using clock = std::chrono::steady_clock;

struct ws_test_client::impl {
  net::io_context io;
  net::ssl::context tls{net::ssl::context::tls_client};
  std::unique_ptr<websocket::stream<tcp::socket>> plain;
  std::unique_ptr<websocket::stream<net::ssl::stream<tcp::socket>>> secure;
  boost::beast::flat_buffer in;
  std::deque<std::string> received;
  bool reading = false;
  bool closed = false;
  std::uint16_t code = 0;

  template <class F>
  void with(F&& f) {
    if (secure)
      f(*secure);
    else
      f(*plain);
  }

  // Runs the I/O until `done` holds or `timeout` passes.
  template <class Done>
  bool run_until(Done done, std::chrono::milliseconds timeout) {
    auto until = clock::now() + timeout;
    io.restart();
    while (!done() && clock::now() < until)
      if (io.run_one_for(until - clock::now()) == 0 && io.stopped())
        break; // nothing pending: nothing can change
    return done();
  }

  void start_read() {
    if (reading || closed)
      return;
    reading = true;
    with([this](auto& ws) {
      ws.async_read(in, [this, &ws](boost::beast::error_code ec, std::size_t) {
        reading = false;
        if (ec) {
          closed = true;
          code = static_cast<std::uint16_t>(ws.reason().code);
          return;
        }
        received.push_back(boost::beast::buffers_to_string(in.data()));
        in.consume(in.size());
      });
    });
  }
};

ws_test_client::ws_test_client(std::uint16_t port, const std::string& target, const std::string& ca)
    : impl_(std::make_unique<impl>()) {
  auto& i = *impl_;
  tcp::socket socket{i.io};
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  if (ca.empty()) {
    i.plain = std::make_unique<websocket::stream<tcp::socket>>(std::move(socket));
  } else {
    i.tls.load_verify_file(ca);
    i.tls.set_verify_mode(net::ssl::verify_peer);
    i.secure = std::make_unique<websocket::stream<net::ssl::stream<tcp::socket>>>(std::move(socket),
                                                                                  i.tls);
    i.secure->next_layer().set_verify_callback(net::ssl::host_name_verification("localhost"));
    bool shaken = false;
    boost::system::error_code error;
    i.secure->next_layer().async_handshake(net::ssl::stream_base::client,
                                           [&](boost::system::error_code ec) {
                                             error = ec;
                                             shaken = true;
                                           });
    if (!i.run_until([&] { return shaken; }, std::chrono::seconds(5)) || error)
      throw std::runtime_error("TLS handshake failed: " + error.message());
  }
  bool upgraded = false;
  boost::beast::error_code error;
  i.with([&](auto& ws) {
    ws.async_handshake("localhost:" + std::to_string(port), target,
                       [&](boost::beast::error_code ec) {
                         error = ec;
                         upgraded = true;
                       });
  });
  if (!i.run_until([&] { return upgraded; }, std::chrono::seconds(5)) || error)
    throw std::runtime_error("WebSocket upgrade failed: " + error.message());
}

ws_test_client::~ws_test_client() {
  boost::system::error_code ignored;
  impl_->with([&](auto& ws) { boost::beast::get_lowest_layer(ws).close(ignored); });
  impl_->io.restart();
  impl_->io.poll();
}

bool ws_test_client::send(const std::string& text) {
  auto& i = *impl_;
  if (i.closed)
    return false;
  bool written = false;
  boost::beast::error_code error;
  i.with([&](auto& ws) {
    ws.text(true);
    ws.async_write(net::buffer(text), [&](boost::beast::error_code ec, std::size_t) {
      error = ec;
      written = true;
    });
  });
  return i.run_until([&] { return written; }, std::chrono::seconds(5)) && !error;
}

std::optional<std::string> ws_test_client::receive(std::chrono::milliseconds timeout) {
  auto& i = *impl_;
  i.start_read();
  i.run_until([&] { return !i.received.empty() || i.closed; }, timeout);
  if (i.received.empty())
    return std::nullopt;
  auto text = std::move(i.received.front());
  i.received.pop_front();
  return text;
}

bool ws_test_client::is_closed(std::chrono::milliseconds timeout) {
  auto& i = *impl_;
  i.start_read();
  i.run_until(
    [&] {
      if (!i.reading && !i.closed)
        i.start_read();
      return i.closed;
    },
    timeout);
  return i.closed;
}

std::uint16_t ws_test_client::close_code() const {
  return impl_->code;
}

} // namespace switchyard::testing
