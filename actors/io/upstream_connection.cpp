#include "actors/io/upstream_connection.hpp"

#include "actors/io/log.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>

namespace switchyard {

namespace net = boost::asio;
using tcp = net::ip::tcp;

upstream_connection::upstream_connection(const io_strand& strand, connection_target target)
    : strand_(strand),
      target_(std::move(target)),
      resolver_(strand_),
      connect_timer_(strand_),
      reconnect_timer_(strand_),
      random_(target_.id * 7919U + 17U),
      reconnect_backoff_({target_.reconnect_min, target_.reconnect_max, core::jitter_kind::full},
                         core::make_unit_random(random_)) {}

void upstream_connection::begin() {
  net::post(strand_, [self = shared_from_this()] { self->do_resolve(); });
}

void upstream_connection::halt() {
  if (connected_ && !stopped_)
    closed_.fetch_add(1);
  stopped_ = true;
  reconnect_timer_.cancel();
  resolver_.cancel();
  close_socket();
}

void upstream_connection::replace_connection() {
  if (stopped_ || !connected_)
    return;
  log(log_level::info, target_.network, log_fields::of_network(target_.network),
      where() + ": recycling the connection");
  closed_.fetch_add(1);
  recycled_.fetch_add(1);
  close_socket();
  reconnect_backoff_.reset();
  do_resolve();
}

void upstream_connection::do_resolve() {
  if (stopped_)
    return;
  ++generation_;
  resolver_.async_resolve(
    target_.host, std::to_string(target_.port),
    [self = shared_from_this(), gen = generation_](boost::system::error_code ec,
                                                   tcp::resolver::results_type endpoints) {
      if (self->is_stale(gen))
        return;
      if (ec)
        return self->drop("cannot resolve " + self->target_.host + ": " + ec.message());
      self->do_connect(endpoints);
    });
}

void upstream_connection::do_connect(const tcp::resolver::results_type& endpoints) {
  stream_ = std::make_unique<duplex_stream>(tcp::socket(strand_), target_.tls.get());
  connect_timer_.expires_after(target_.connect_timeout);
  connect_timer_.async_wait([self = shared_from_this(), gen = generation_](auto ec) {
    if (!ec && !self->is_stale(gen) && !self->connected_)
      self->drop("connect timed out");
  });
  net::async_connect(
    lowest(), endpoints,
    [self = shared_from_this(), gen = generation_](boost::system::error_code ec, const auto&) {
      if (self->is_stale(gen))
        return;
      if (ec)
        return self->drop("cannot connect: " + ec.message());
      boost::system::error_code ignored;
      self->lowest().set_option(tcp::no_delay(true), ignored);
      self->do_handshake();
    });
}

void upstream_connection::do_handshake() {
  auto established = [this] {
    connect_timer_.cancel();
    connected_ = true;
    opened_.fetch_add(1);
    on_connected();
  };
  if (!stream_->is_tls())
    return established();
  if (!target_.server_name.empty())
    stream_->verify_host(target_.server_name);
  stream_->async_handshake(
    net::ssl::stream_base::client,
    [self = shared_from_this(), gen = generation_, established](boost::system::error_code ec) {
      if (self->is_stale(gen))
        return;
      if (ec)
        return self->drop("tls handshake failed: " + ec.message());
      established();
    });
}

void upstream_connection::drop(const std::string& reason, log_level level) {
  bool was_connected = connected_;
  close_socket();
  if (was_connected)
    closed_.fetch_add(1);
  if (stopped_)
    return;
  log(was_connected ? level : log_level::debug, target_.network,
      log_fields::of_network(target_.network), where() + ": " + reason);
  on_dropped(reason, was_connected);
  schedule_reconnect();
}

void upstream_connection::schedule_reconnect() {
  reconnect_timer_.expires_after(reconnect_backoff_.next_delay());
  reconnect_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec)
      self->do_resolve();
  });
}

void upstream_connection::close_socket() {
  ++generation_;
  connected_ = false;
  connect_timer_.cancel();
  on_closed();
  boost::system::error_code ignored;
  if (stream_) {
    lowest().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close(ignored);
  }
}

} // namespace switchyard
