#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <optional>
#include <string>
#include <utility>

namespace switchyard {

/// A TCP connection, TLS-secured or not, read and written through one interface (an Asio
/// AsyncReadStream and AsyncWriteStream), so sessions need not be templates.
class duplex_stream {
public:
  /// The executor of the underlying socket (the connection's strand).
  using executor_type = boost::asio::ip::tcp::socket::executor_type;

  /// Wraps a TCP connection, secured with `tls` unless it is null (then async_handshake
  /// must come first).
  duplex_stream(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls)
      : socket_(std::move(socket)) {
    if (tls)
      tls_.emplace(socket_, *tls);
  }

  duplex_stream(const duplex_stream&) = delete;
  duplex_stream& operator=(const duplex_stream&) = delete;

  /// Returns the socket's executor.
  executor_type get_executor() noexcept { return socket_.get_executor(); }

  /// Returns true when the connection is secured with TLS.
  bool is_tls() const noexcept { return tls_.has_value(); }

  /// Returns the TCP socket.
  boost::asio::ip::tcp::socket& socket() noexcept { return socket_; }

  /// Makes the TLS handshake check that the server certificate names `host` (a name or an
  /// address) and sends `host` as the server name when it is not an address.
  void verify_host(const std::string& host) {
    if (!tls_)
      return;
    boost::system::error_code ec;
    boost::asio::ip::make_address(host, ec);
    if (ec)
      SSL_set_tlsext_host_name(tls_->native_handle(), host.c_str());
    tls_->set_verify_callback(boost::asio::ssl::host_name_verification(host));
  }

  /// Runs the TLS handshake as `side`; completes at once without TLS.
  template <class Handler>
  void async_handshake(boost::asio::ssl::stream_base::handshake_type side, Handler&& handler) {
    if (tls_)
      return tls_->async_handshake(side, std::forward<Handler>(handler));
    boost::asio::post(socket_.get_executor(), [h = std::forward<Handler>(handler)]() mutable {
      h(boost::system::error_code{});
    });
  }

  /// Reads some bytes into `buffers`.
  template <class Buffers, class Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    if (tls_)
      return tls_->async_read_some(buffers, std::forward<Handler>(handler));
    socket_.async_read_some(buffers, std::forward<Handler>(handler));
  }

  /// Writes some bytes of `buffers`.
  template <class Buffers, class Handler>
  void async_write_some(const Buffers& buffers, Handler&& handler) {
    if (tls_)
      return tls_->async_write_some(buffers, std::forward<Handler>(handler));
    socket_.async_write_some(buffers, std::forward<Handler>(handler));
  }

  /// Closes the connection at once (no TLS close_notify); pending operations are cancelled.
  void close() noexcept {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

private:
  boost::asio::ip::tcp::socket socket_;
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;
};

} // namespace switchyard
