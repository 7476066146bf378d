#include "tools/sim-jsonrpc/listener.hpp"

#include "tools/sim-jsonrpc/http_session.hpp"

#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

namespace switchyard::rpc_sim {

using boost::beast::error_code;

listener::listener(asio::io_context& ioc, server_context& context)
    : ioc_(ioc), acceptor_(ioc), backoff_(ioc), ctx_(context) {}

error_code listener::open(const asio::ip::tcp::endpoint& endpoint) {
  error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    acceptor_.bind(endpoint, ec);
  if (!ec)
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  return ec;
}

asio::ip::tcp::endpoint listener::local_endpoint() const {
  error_code ec;
  return acceptor_.local_endpoint(ec);
}

void listener::run() {
  do_accept();
}

void listener::do_accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), boost::beast::bind_front_handler(
                                                    &listener::on_accept, shared_from_this()));
}

void listener::on_accept(error_code ec, asio::ip::tcp::socket socket) {
  if (ec == asio::error::operation_aborted)
    return;
  if (!ec) {
    std::make_shared<http_session>(std::move(socket), ctx_, next_id_++)->start();
    return do_accept();
  }
  // Out of descriptors, for instance: pause rather than spin on the failing accept.
  log_event(ctx_, 0, "accept: " + ec.message());
  backoff_.expires_after(std::chrono::milliseconds{100});
  backoff_.async_wait([self = shared_from_this()](error_code wait_ec) {
    if (!wait_ec)
      self->do_accept();
  });
}

} // namespace switchyard::rpc_sim
