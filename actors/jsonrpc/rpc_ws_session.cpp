#include "actors/jsonrpc/rpc_ws_session.hpp"

#include "actors/io/log_limiter.hpp"
#include "actors/jsonrpc/rpc_log_fields.hpp"
#include "actors/jsonrpc/rpc_notification.hpp"
#include "actors/jsonrpc/rpc_outcome.hpp"
#include "actors/jsonrpc/rpc_path.hpp"
#include "protocols/jsonrpc/json_text.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <random>

namespace switchyard {

namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using boost::beast::bind_front_handler;

namespace {

// A client that sends but does not read: its reading pauses past the first bound, and past
// the second (notifications keep coming) the connection closes.
constexpr std::size_t pause_reading_bytes = 4 * 1024 * 1024;
constexpr std::size_t max_unwritten_bytes = 16 * 1024 * 1024;
constexpr std::size_t max_subscriptions = 1024;

subscription_ids& client_ids() {
  static subscription_ids ids{std::random_device{}() * 0x100000001ULL};
  return ids;
}

} // namespace

template <class Stream>
rpc_ws_session<Stream>::rpc_ws_session(Stream stream, std::shared_ptr<rpc_listener_context> ctx,
                                       std::shared_ptr<void> owner)
    : ws_(std::move(stream)), ctx_(std::move(ctx)), owner_(std::move(owner)) {
  ctx_->counters.upgrades.fetch_add(1, std::memory_order_relaxed);
}

template <class Stream>
rpc_ws_session<Stream>::~rpc_ws_session() = default;

template <class Stream>
void rpc_ws_session<Stream>::run(request upgrade) {
  upgrade_ = std::move(upgrade);
  auto path = read_rpc_path(upgrade_.target(), ctx_->routes->load()->table);
  if (!path.found) {
    ctx_->counters.refused.fetch_add(1, std::memory_order_relaxed);
    auto& res = refusal_.emplace(bhttp::status::not_found, upgrade_.version());
    res.set(bhttp::field::content_type, "application/json");
    res.keep_alive(false);
    res.body() = no_such_network_body(upgrade_.target());
    res.prepare_payload();
    return bhttp::async_write(ws_.next_layer(), res,
                              [self = this->shared_from_this()](boost::beast::error_code,
                                                                std::size_t) { self->shutdown(); });
  }
  path_network_ = std::string{path.network};
  const auto& s = ctx_->settings;
  websocket::stream_base::timeout timeouts;
  timeouts.handshake_timeout = std::chrono::milliseconds(s.read_timeout_ms);
  // A peer that answers neither messages nor pings for this long is gone.
  timeouts.idle_timeout = std::chrono::milliseconds(s.idle_timeout_ms);
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
    [](websocket::response_type& response) { response.set(bhttp::field::server, "switchyard"); }));
  ws_.read_message_max(s.max_frame_bytes);
  ws_.auto_fragment(false);
  ws_.text(true);
  ws_.async_accept(upgrade_,
                   bind_front_handler(&rpc_ws_session::on_accept, this->shared_from_this()));
}

template <class Stream>
void rpc_ws_session<Stream>::close() {
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this()] { self->shutdown(); });
}

template <class Stream>
void rpc_ws_session<Stream>::drain() {
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    self->draining_ = true;
    self->close_if_done();
  });
}

template <class Stream>
void rpc_ws_session<Stream>::relay(const std::string& client_id, std::string message) {
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this(), id = client_id,
                                         message = std::move(message)]() mutable {
    if (self->closed_ || !self->subscriptions_.contains(id))
      return; // unsubscribed meanwhile
    self->ctx_->counters.notifications.fetch_add(1, std::memory_order_relaxed);
    self->enqueue(std::move(message));
  });
}

template <class Stream>
void rpc_ws_session<Stream>::end(const std::string& client_id, std::string message) {
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this(), id = client_id,
                                         message = std::move(message)]() mutable {
    if (self->subscriptions_.erase(id) == 0 || self->closed_ || message.empty())
      return;
    self->ctx_->counters.notifications.fetch_add(1, std::memory_order_relaxed);
    self->enqueue(std::move(message));
  });
}

template <class Stream>
void rpc_ws_session<Stream>::on_accept(boost::beast::error_code ec) {
  if (ec)
    return fail(ec, "WebSocket accept");
  upgrade_ = {};
  do_read();
}

// Reading pauses while the calls read fill the per-connection limit or the answers wait to
// be written: a client gets only as far ahead as it reads.
template <class Stream>
void rpc_ws_session<Stream>::do_read() {
  if (reading_ || closed_ || closing_ || draining_
      || in_flight_ >= ctx_->settings.max_in_flight_per_connection
      || out_bytes_ >= pause_reading_bytes)
    return;
  reading_ = true;
  ws_.async_read(in_, bind_front_handler(&rpc_ws_session::on_read, this->shared_from_this()));
}

template <class Stream>
void rpc_ws_session<Stream>::on_read(boost::beast::error_code ec, std::size_t) {
  reading_ = false;
  if (ec)
    return fail(ec, "read");
  if (closed_)
    return;
  ctx_->counters.requests.fetch_add(1, std::memory_order_relaxed);
  auto text = boost::beast::buffers_to_string(in_.data());
  in_.consume(in_.size());
  handle(std::move(text));
  do_read();
}

template <class Stream>
void rpc_ws_session<Stream>::handle(std::string text) {
  auto& counters = ctx_->counters;
  ++in_flight_;
  auto batch = std::make_shared<rpc_batch>(
    std::move(text), ctx_->limits, [self = this->shared_from_this()](std::string body, bool empty) {
      boost::asio::post(self->ws_.get_executor(), [self, body = std::move(body), empty]() mutable {
        self->on_answer(std::move(body), empty);
      });
    });
  if (const auto& error = batch->error()) {
    counters.invalid.fetch_add(1, std::memory_order_relaxed);
    log_limited(counters.log_limits, log_level::info, ctx_->settings.name, "invalid body",
                "refused a message: " + error->message);
    return on_answer(rpc_error_body(*error), false);
  }
  counters.calls.fetch_add(batch->calls().size(), std::memory_order_relaxed);
  route(batch);
}

// Routes each call as the HTTP front does, every network getting its calls in one hand-over;
// subscription calls go to the subscription side of the network's port instead.
template <class Stream>
void rpc_ws_session<Stream>::route(const std::shared_ptr<rpc_batch>& batch) {
  auto snapshot = ctx_->routes->load();
  const auto& table = snapshot->table;
  std::optional<std::size_t> by_path;
  if (!path_network_.empty())
    by_path = table.find(path_network_);
  std::vector<std::pair<network_port*, std::vector<exchange_ptr>>> batches;
  std::vector<rpc_exchange_ptr> notifications;
  const auto& calls = batch->calls();
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& call = calls[i];
    std::string out;
    if (call.error) {
      ctx_->counters.invalid.fetch_add(1, std::memory_order_relaxed);
      log_limited(ctx_->counters.log_limits, log_level::info, ctx_->settings.name, "invalid call",
                  rpc_id_fields(call.id), "refused a call: " + call.error->message);
      jsonrpc::append_error(out, call.id, *call.error);
      batch->fill(i, std::move(out));
      continue;
    }
    if (call.method == "eth_unsubscribe") {
      close_subscription(batch, i);
      continue;
    }
    auto decision = by_path                 ? table.route_to(*by_path)
                    : path_network_.empty() ? table.route_method(call.method)
                                            : core::route_decision{};
    std::shared_ptr<network_port> port;
    if (decision.is_routed() && decision.network < snapshot->ports.size())
      port = snapshot->ports[decision.network];
    if (!port) {
      auto outcome = decision.outcome == core::route_outcome::no_route ? errc::no_route
                                                                       : errc::upstream_unavailable;
      // Answered here, it reaches no network's data path: counted for its network here.
      if (outcome == errc::upstream_unavailable)
        count_unavailable(snapshot->tallies, decision);
      if (!call.is_notification())
        jsonrpc::append_error(out, call.id,
                              rpc_error_for(outcome, decision.matched_network_name, call.method));
      batch->fill(i, std::move(out));
      continue;
    }
    if (call.method == "eth_subscribe") {
      open_subscription(batch, i, port, decision.network_name);
      continue;
    }
    auto x = make_exchange<rpc_exchange>(batch, i, std::string{decision.network_name});
    if (call.is_notification())
      notifications.push_back(x);
    auto it = std::find_if(batches.begin(), batches.end(),
                           [&](const auto& b) { return b.first == port.get(); });
    if (it == batches.end())
      batches.emplace_back(port.get(), std::vector<exchange_ptr>{std::move(x)});
    else
      it->second.push_back(std::move(x));
  }
  // The snapshot held until here keeps every port alive until its batch is handed over.
  for (auto& [port, exchanges] : batches)
    port->forward(std::move(exchanges));
  for (auto& n : notifications)
    n->settle_notification();
}

template <class Stream>
void rpc_ws_session<Stream>::open_subscription(const std::shared_ptr<rpc_batch>& batch,
                                               std::size_t index,
                                               const std::shared_ptr<network_port>& port,
                                               std::string_view network) {
  const auto& call = batch->calls()[index];
  std::string out;
  auto subscriptions = std::dynamic_pointer_cast<subscription_port>(port);
  if (call.is_notification()) {
    // Nobody could learn the subscription's id, so none is opened (JSON-RPC 2.0 §4.1).
    return batch->fill(index, {});
  }
  if (!subscriptions) {
    jsonrpc::append_error(out, call.id, subscription_needs_websocket(call.method));
    return batch->fill(index, std::move(out));
  }
  if (subscriptions_.size() >= max_subscriptions) {
    jsonrpc::append_error(
      out, call.id,
      rpc_error_for(errc::limit_exceeded, network, call.method,
                    std::to_string(max_subscriptions) + " subscriptions on one connection"));
    return batch->fill(index, std::move(out));
  }
  auto id = client_ids().next();
  subscriptions_.emplace(id, subscriptions);
  subscriptions->subscribe(make_exchange<rpc_exchange>(batch, index, std::string{network}), id,
                           this->weak_from_this());
}

// eth_unsubscribe names the client's id, which only this session knows: it goes to the
// network holding that subscription, whatever the routing rules say.
template <class Stream>
void rpc_ws_session<Stream>::close_subscription(const std::shared_ptr<rpc_batch>& batch,
                                                std::size_t index) {
  const auto& call = batch->calls()[index];
  std::string id;
  if (jsonrpc::kind_of(call.params) == jsonrpc::json_kind::array) {
    auto params = jsonrpc::elements_of(call.params);
    if (!params.empty() && jsonrpc::kind_of(params.front()) == jsonrpc::json_kind::string)
      id = jsonrpc::unescape_string(params.front());
  }
  auto it = subscriptions_.find(id);
  if (it == subscriptions_.end()) {
    std::string out;
    if (!call.is_notification())
      jsonrpc::append_result(out, call.id, "false");
    return batch->fill(index, std::move(out));
  }
  auto port = std::move(it->second);
  subscriptions_.erase(it);
  port->unsubscribe(std::move(id), make_exchange<rpc_exchange>(batch, index, std::string{}));
}

template <class Stream>
void rpc_ws_session<Stream>::on_answer(std::string body, bool empty) {
  --in_flight_;
  if (!empty) {
    ctx_->counters.responses.fetch_add(1, std::memory_order_relaxed);
    enqueue(std::move(body));
  }
  do_read();
  close_if_done();
}

template <class Stream>
void rpc_ws_session<Stream>::enqueue(std::string message) {
  if (closed_)
    return;
  if (out_bytes_ + message.size() > max_unwritten_bytes) {
    log_limited(ctx_->counters.log_limits, log_level::warn, ctx_->settings.name, "not reading",
                "closing a WebSocket: the client does not read its messages");
    return shutdown();
  }
  out_bytes_ += message.size();
  out_.emplace_back() = std::move(message);
  do_write();
}

template <class Stream>
void rpc_ws_session<Stream>::do_write() {
  if (writing_ || closed_ || closing_ || out_.empty())
    return;
  writing_ = true;
  ws_.async_write(boost::asio::buffer(out_.front()),
                  bind_front_handler(&rpc_ws_session::on_write, this->shared_from_this()));
}

template <class Stream>
void rpc_ws_session<Stream>::on_write(boost::beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec)
    return fail(ec, "write");
  out_bytes_ -= out_.front().size();
  out_.pop_front();
  do_write();
  do_read();
  close_if_done();
}

// Draining: once every call read is answered and written, the close frame goes out (RFC
// 6455 §7.4.1, 1001 going away); subscriptions alone do not hold the connection open.
template <class Stream>
void rpc_ws_session<Stream>::close_if_done() {
  if (!draining_ || closing_ || closed_ || in_flight_ > 0 || writing_ || !out_.empty())
    return;
  closing_ = true;
  ws_.async_close(
    websocket::close_code::going_away,
    [self = this->shared_from_this()](boost::beast::error_code) { self->shutdown(); });
}

template <class Stream>
void rpc_ws_session<Stream>::fail(boost::beast::error_code ec, std::string_view what) {
  if (closed_)
    return;
  if (ec == boost::beast::error::timeout)
    ctx_->counters.idle_closed.fetch_add(1, std::memory_order_relaxed);
  if (ec != websocket::error::closed && ec != boost::asio::error::eof
      && ec != boost::asio::error::operation_aborted && ec != boost::asio::error::connection_reset
      && ec != boost::asio::ssl::error::stream_truncated)
    log(log_level::debug, ctx_->settings.name,
        "closing a WebSocket: " + std::string{what} + ": " + ec.message());
  shutdown();
}

// Subscriptions end with the connection: each is closed upstream, so a provider does not
// keep pushing to nobody.
template <class Stream>
void rpc_ws_session<Stream>::shutdown() {
  if (closed_)
    return;
  closed_ = true;
  for (auto& [id, port] : subscriptions_)
    port->unsubscribe(id, nullptr);
  subscriptions_.clear();
  boost::system::error_code ignored;
  auto& socket = boost::beast::get_lowest_layer(ws_);
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

template class rpc_ws_session<boost::asio::ip::tcp::socket>;
template class rpc_ws_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace switchyard
