#include "actors/jsonrpc/rpc_ws_link.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace switchyard {

namespace net = boost::asio;
namespace websocket = boost::beast::websocket;

// What Beast's WebSocket stream needs of the connection under it, found by argument-dependent
// lookup: a timeout closes the socket at once, and after a close handshake the connection
// simply closes (TLS without close_notify, as duplex_stream::close does).
void beast_close_socket(duplex_stream& stream) {
  stream.close();
}

void teardown(boost::beast::role_type, duplex_stream& stream, boost::beast::error_code& ec) {
  ec = {};
  stream.close();
}

template <class Handler>
void async_teardown(boost::beast::role_type, duplex_stream& stream, Handler&& handler) {
  stream.close();
  net::post(stream.get_executor(),
            [h = std::forward<Handler>(handler)]() mutable { h(boost::beast::error_code{}); });
}

// The WebSocket over one connection, and the message being read; shared with the operations
// in progress, which may outlive a close.
struct rpc_ws_link::socket_state {
  explicit socket_state(duplex_stream& stream) : ws(stream) {}

  websocket::stream<duplex_stream&> ws;
  boost::beast::flat_buffer in;
};

rpc_ws_link::rpc_ws_link(const io_strand& strand, rpc_ws_link_settings settings,
                         std::shared_ptr<rpc_ws_link_events> events)
    : upstream_connection(strand, settings.target),
      settings_(std::move(settings)),
      events_(std::move(events)) {}

rpc_ws_link::~rpc_ws_link() = default;

bool rpc_ws_link::send(std::string text) {
  if (!up_)
    return false;
  out_.push_back(std::move(text));
  do_write();
  return true;
}

void rpc_ws_link::on_connected() {
  auto s = std::make_shared<socket_state>(stream());
  socket_ = s;
  websocket::stream_base::timeout timeouts;
  timeouts.handshake_timeout = target().connect_timeout;
  timeouts.idle_timeout = settings_.idle_timeout;
  timeouts.keep_alive_pings = true;
  s->ws.set_option(timeouts);
  s->ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
    request.set(boost::beast::http::field::user_agent, "switchyard");
  }));
  s->ws.read_message_max(settings_.max_message_bytes);
  s->ws.text(true);
  s->ws.async_handshake(
    settings_.host_header, settings_.path,
    [self = self_as<rpc_ws_link>(), gen = generation(), s](boost::beast::error_code ec) {
      if (self->is_stale(gen))
        return;
      if (ec)
        return self->drop("WebSocket upgrade failed: " + ec.message());
      self->up_ = true;
      self->connection_proved();
      self->do_read();
      self->events_->on_ws_up(self->target().id);
    });
}

void rpc_ws_link::do_read() {
  auto s = socket_;
  s->ws.async_read(s->in, [self = self_as<rpc_ws_link>(), gen = generation(),
                           s](boost::beast::error_code ec, std::size_t) {
    if (self->is_stale(gen))
      return;
    if (ec == websocket::error::closed)
      return self->drop("closed by the provider");
    if (ec == net::error::eof || ec == net::error::connection_reset)
      return self->drop("connection lost: " + ec.message());
    if (ec)
      return self->drop("read failed: " + ec.message());
    auto text = boost::beast::buffers_to_string(s->in.data());
    s->in.consume(s->in.size());
    self->events_->on_ws_message(self->target().id, std::move(text));
    if (!self->is_stale(gen))
      self->do_read();
  });
}

void rpc_ws_link::do_write() {
  if (writing_ || out_.empty() || !up_)
    return;
  writing_ = true;
  auto s = socket_;
  s->ws.async_write(net::buffer(out_.front()), [self = self_as<rpc_ws_link>(), gen = generation(),
                                                s](boost::beast::error_code ec, std::size_t) {
    if (self->is_stale(gen))
      return;
    self->writing_ = false;
    if (ec)
      return self->drop("write failed: " + ec.message());
    self->out_.pop_front();
    self->do_write();
  });
}

void rpc_ws_link::on_dropped(const std::string& reason, bool) {
  events_->on_ws_down(target().id, reason, was_up_);
}

void rpc_ws_link::on_closed() {
  was_up_ = up_;
  up_ = false;
  writing_ = false;
  out_.clear();
  socket_.reset();
}

} // namespace switchyard
