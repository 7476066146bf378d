#pragma once

// The simulators' listening socket: resolve and bind the --listen address, then accept
// connections for ever, each as a new Session on its own strand; an accept that fails (out of
// descriptors, say) pauses for 100 ms rather than spinning.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <string>

namespace switchyard::tools {

/// Returns "address:port", IPv6 addresses in brackets.
inline std::string describe_endpoint(const boost::asio::ip::tcp::endpoint& e) {
  const auto address = e.address().to_string();
  const auto host = e.address().is_v6() ? "[" + address + "]" : address;
  return host + ":" + std::to_string(e.port());
}

/// Accepts connections and starts `Session(socket, context, id)` for each.
template <class Session, class Context>
class accept_loop : public std::enable_shared_from_this<accept_loop<Session, Context>> {
public:
  using tcp = boost::asio::ip::tcp;

  /// Prepares to accept on `ioc` for sessions sharing `context`; failed accepts are reported
  /// through `report`.
  accept_loop(boost::asio::io_context& ioc, Context& context,
              std::function<void(const std::string&)> report)
      : ioc_(ioc), acceptor_(ioc), backoff_(ioc), ctx_(context), report_(std::move(report)) {}

  /// Resolves `host`:`port` (0: the OS chooses) and listens; on failure prints why to standard
  /// error after `prefix` and returns false.
  bool listen(const std::string& host, std::uint16_t port, const std::string& prefix) {
    tcp::resolver resolver{ioc_};
    boost::system::error_code ec;
    auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      std::cerr << prefix << "cannot resolve " << host << "\n";
      return false;
    }
    auto endpoint = results.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec)
      acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec)
      acceptor_.bind(endpoint, ec);
    if (!ec)
      acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::cerr << prefix << "cannot listen on " << describe_endpoint(endpoint) << ": "
                << ec.message() << "\n";
      return false;
    }
    return true;
  }

  /// Returns the bound address (with the port the OS chose for port 0).
  tcp::endpoint local_endpoint() const {
    boost::system::error_code ec;
    return acceptor_.local_endpoint(ec);
  }

  /// Starts accepting; runs until the io_context stops.
  void run() { do_accept(); }

private:
  void do_accept() {
    acceptor_.async_accept(
      boost::asio::make_strand(ioc_),
      [self = this->shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
      });
  }

  void on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted)
      return;
    if (!ec) {
      std::make_shared<Session>(std::move(socket), ctx_, next_id_++)->start();
      return do_accept();
    }
    report_("accept: " + ec.message());
    backoff_.expires_after(std::chrono::milliseconds{100});
    backoff_.async_wait([self = this->shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec)
        self->do_accept();
    });
  }

  boost::asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  Context& ctx_;
  std::function<void(const std::string&)> report_;
  std::uint64_t next_id_ = 1;
};

} // namespace switchyard::tools
