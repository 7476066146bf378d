#pragma once

#include "tools/sim-jsonrpc/server_context.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <cstdint>
#include <memory>

namespace switchyard::rpc_sim {

namespace asio = boost::asio;

/// Accepts connections and starts an HTTP session, on its own strand, for each.
class listener : public std::enable_shared_from_this<listener> {
public:
  /// Prepares to accept on `ioc` for sessions sharing `context`.
  listener(asio::io_context& ioc, server_context& context);

  /// Binds and listens on `endpoint`; returns why not on failure.
  boost::beast::error_code open(const asio::ip::tcp::endpoint& endpoint);

  /// Returns the bound address (with the port the OS chose for port 0).
  asio::ip::tcp::endpoint local_endpoint() const;

  /// Starts accepting; runs until the io_context stops.
  void run();

private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, asio::ip::tcp::socket socket);

  asio::io_context& ioc_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer backoff_;
  server_context& ctx_;
  std::uint64_t next_id_ = 1;
};

} // namespace switchyard::rpc_sim
