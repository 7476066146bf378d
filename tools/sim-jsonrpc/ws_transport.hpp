#pragma once

#include "actors/io/duplex_stream.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>

#include <memory>
#include <utility>

namespace switchyard::rpc_sim {

/// The connection under a Beast WebSocket stream: a plain-or-TLS duplex_stream taken over from
/// the HTTP session that read the upgrade request, with the teardown Beast needs for it.
class ws_transport {
public:
  /// The executor of the connection (its strand).
  using executor_type = duplex_stream::executor_type;

  /// Takes over `stream`.
  explicit ws_transport(std::unique_ptr<duplex_stream> stream) : stream_(std::move(stream)) {}

  /// Returns the connection's executor.
  executor_type get_executor() noexcept { return stream_->get_executor(); }

  /// Returns the connection.
  duplex_stream& stream() noexcept { return *stream_; }

  /// Reads some bytes into `buffers`.
  template <class Buffers, class Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    stream_->async_read_some(buffers, std::forward<Handler>(handler));
  }

  /// Writes some bytes of `buffers`.
  template <class Buffers, class Handler>
  void async_write_some(const Buffers& buffers, Handler&& handler) {
    stream_->async_write_some(buffers, std::forward<Handler>(handler));
  }

private:
  std::unique_ptr<duplex_stream> stream_;
};

/// Closes the connection at once, as Beast does when a WebSocket timeout expires.
inline void beast_close_socket(ws_transport& transport) {
  transport.stream().close();
}

/// Ends the connection after a WebSocket close handshake: the close frames already said
/// goodbye, so the socket simply closes (TLS without close_notify, as duplex_stream does).
inline void teardown(boost::beast::role_type, ws_transport& transport,
                     boost::beast::error_code& ec) {
  ec = {};
  transport.stream().close();
}

/// The asynchronous form of `teardown`, completing on the connection's executor.
template <class Handler>
void async_teardown(boost::beast::role_type, ws_transport& transport, Handler&& handler) {
  transport.stream().close();
  boost::asio::post(
    transport.get_executor(),
    boost::beast::bind_front_handler(std::forward<Handler>(handler), boost::beast::error_code{}));
}

} // namespace switchyard::rpc_sim
