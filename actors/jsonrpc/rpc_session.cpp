#include "actors/jsonrpc/rpc_session.hpp"

#include "actors/io/log_limiter.hpp"
#include "actors/jsonrpc/rpc_log_fields.hpp"
#include "actors/jsonrpc/rpc_notification.hpp"
#include "actors/jsonrpc/rpc_outcome.hpp"
#include "actors/jsonrpc/rpc_path.hpp"
#include "actors/jsonrpc/rpc_ws_session.hpp"
#include "protocols/http/http_response.hpp"
#include "protocols/jsonrpc/json_text.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace switchyard {

namespace bhttp = boost::beast::http;

namespace {

constexpr auto handshake_timeout = std::chrono::seconds(10);
constexpr std::uint32_t max_header_bytes = 16 * 1024;
// A client that sends but does not read must not make us buffer without limit.
constexpr std::size_t max_unwritten_bytes = 4 * 1024 * 1024;

template <class Stream>
constexpr bool is_tls = !std::is_same_v<Stream, boost::asio::ip::tcp::socket>;

// The CORS header lines for a request from `origin`, when the listener allows it.
std::string cors_headers(const config::listener_settings& settings, std::string_view origin) {
  if (origin.empty() || settings.cors_origins.empty())
    return {};
  for (const auto& allowed : settings.cors_origins) {
    if (allowed == "*")
      return "Access-Control-Allow-Origin: *\r\n";
    if (allowed == origin)
      return "Access-Control-Allow-Origin: " + allowed + "\r\nVary: Origin\r\n";
  }
  return {};
}

} // namespace

template <class Stream>
rpc_session<Stream>::rpc_session(Stream stream, std::shared_ptr<rpc_listener_context> ctx)
    : stream_(std::move(stream)),
      ctx_(std::move(ctx)),
      timer_(stream_.get_executor()),
      buffer_(counted_allocator<char>{ctx_->counters.read_buffer_bytes}),
      slots_(counted_allocator<answer_slot>{ctx_->counters.queued_answer_bytes}) {
  ctx_->counters.active.fetch_add(1, std::memory_order_relaxed);
}

template <class Stream>
rpc_session<Stream>::~rpc_session() {
  ctx_->counters.active.fetch_sub(1, std::memory_order_relaxed);
}

template <class Stream>
void rpc_session<Stream>::run() {
  boost::asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (is_tls<Stream>)
      self->do_handshake();
    else
      self->do_read();
  });
}

template <class Stream>
void rpc_session<Stream>::close() {
  // The timer's executor is the connection's strand, which outlives an upgrade's hand-over.
  boost::asio::post(timer_.get_executor(), [self = this->shared_from_this()] {
    if (auto ws = self->upgraded_.lock())
      return ws->close();
    self->shutdown();
  });
}

template <class Stream>
void rpc_session<Stream>::drain() {
  boost::asio::post(timer_.get_executor(), [self = this->shared_from_this()] {
    if (auto ws = self->upgraded_.lock())
      return ws->drain();
    self->draining_ = true;
    // No request is being read: the last answer owed says the connection ends (RFC 9112
    // §9.6) and the wait for a next request ends, so the connection closes once that answer
    // is out (an idle one at once). Shutting the receiving side, unlike cancel(), leaves a
    // write in progress alone.
    if (!self->parser_ && self->buffer_.size() == 0) {
      if (!self->slots_.empty())
        self->slots_.back().close = true;
      self->read_closed_ = true;
      boost::system::error_code ignored;
      self->stream_.lowest_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_receive,
                                            ignored);
    }
    self->close_if_done();
  });
}

template <class Stream>
void rpc_session<Stream>::do_handshake() {
  if constexpr (is_tls<Stream>) {
    timer_.expires_after(handshake_timeout);
    timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (!ec)
        self->shutdown();
    });
    stream_.async_handshake(boost::asio::ssl::stream_base::server,
                            [self = this->shared_from_this()](boost::system::error_code ec) {
                              self->timer_.cancel();
                              if (ec) {
                                record_tls_failure(self->ctx_->counters, self->ctx_->settings.name,
                                                   remote_of(self->stream_.next_layer()),
                                                   ec.message());
                                return self->shutdown();
                              }
                              self->do_read();
                            });
  }
}

// Waits for a request's first bytes under the idle timeout, then reads the request whole
// under the read timeout: a client may idle on a keep-alive connection, but not dribble.
template <class Stream>
void rpc_session<Stream>::do_read() {
  if (reading_ || !can_read())
    return;
  reading_ = true;
  if (buffer_.size() > 0)
    return read_request();
  arm_timer(std::chrono::milliseconds(ctx_->settings.idle_timeout_ms), true);
  if constexpr (!is_tls<Stream>) {
    // Between requests the connection holds no buffer: the next request's bytes are awaited
    // without one. (A TLS stream reads its records ahead, so readiness of its socket says
    // nothing: it reads into its buffer.)
    buffer_.shrink_to_fit();
    stream_.async_wait(
      boost::asio::socket_base::wait_read,
      [self = this->shared_from_this()](boost::system::error_code ec) { self->on_readable(ec); });
    return;
  }
  stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](
                                                   boost::system::error_code ec, std::size_t n) {
    self->buffer_.commit(n);
    if (ec) {
      self->reading_ = false;
      self->timer_.cancel();
      return self->on_read_failed(ec);
    }
    self->read_request();
  });
}

// The next request's first bytes are there (or the client closed): it is read with the room
// the idle read had before.
template <class Stream>
void rpc_session<Stream>::on_readable(boost::beast::error_code ec) {
  if (ec) {
    reading_ = false;
    timer_.cancel();
    return on_read_failed(ec);
  }
  buffer_.reserve(4096);
  read_request();
}

template <class Stream>
void rpc_session<Stream>::read_request() {
  parser_.emplace();
  parser_->header_limit(max_header_bytes);
  parser_->body_limit(ctx_->settings.max_frame_bytes);
  arm_timer(std::chrono::milliseconds(ctx_->settings.read_timeout_ms), false);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = this->shared_from_this()](boost::beast::error_code ec, std::size_t) {
                      self->on_read(ec);
                    });
}

template <class Stream>
void rpc_session<Stream>::on_read(boost::beast::error_code ec) {
  reading_ = false;
  timer_.cancel();
  if (ec)
    return on_read_failed(ec);
  handle(parser_->release());
  parser_.reset();
  do_read();
}

// A request that cannot be read whole gets the HTTP error saying why, and the connection
// closes after it: the next request's start cannot be found with certainty.
template <class Stream>
void rpc_session<Stream>::on_read_failed(boost::beast::error_code ec) {
  read_closed_ = true;
  parser_.reset();
  if (closed_)
    return;
  auto seq = first_seq_ + slots_.size();
  if (timed_out_) {
    log(log_level::debug, ctx_->settings.name, "closing a connection: request read timed out");
    close_if_done();
    return;
  }
  if (ec == bhttp::error::body_limit) {
    slots_.emplace_back();
    auto text = "request body over " + std::to_string(ctx_->settings.max_frame_bytes) + " bytes";
    return answer_http_error(seq, 413, {}, rpc_error_body(jsonrpc::invalid_request(text)));
  }
  if (ec == bhttp::error::header_limit) {
    slots_.emplace_back();
    return answer_http_error(
      seq, 431, {}, rpc_error_body(jsonrpc::invalid_request("request headers over 16384 bytes")));
  }
  if (ec == bhttp::error::end_of_stream || ec == boost::asio::error::eof
      || ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset
      || ec.category() == boost::asio::error::get_ssl_category()) {
    // The client is done sending: what it asked is still answered.
    close_if_done();
    return;
  }
  slots_.emplace_back();
  answer_http_error(seq, 400, {},
                    rpc_error_body(jsonrpc::invalid_request("malformed HTTP: " + ec.message())));
}

template <class Stream>
auto rpc_session<Stream>::slot(std::uint64_t seq) -> answer_slot& {
  return slots_[seq - first_seq_];
}

template <class Stream>
void rpc_session<Stream>::handle(request req) {
  auto& counters = ctx_->counters;
  counters.requests.fetch_add(1, std::memory_order_relaxed);
  auto seq = first_seq_ + slots_.size();
  auto& s = slots_.emplace_back();
  s.version = req.version();
  s.close = !req.keep_alive();
  s.headers = cors_headers(ctx_->settings, req[bhttp::field::origin]);
  if (draining_)
    s.close = true;
  if (boost::beast::websocket::is_upgrade(req) && slots_.size() == 1 && !draining_) {
    slots_.pop_back();
    return upgrade(std::move(req));
  }
  // The client's last request (Connection: close, or HTTP/1.0 without keep-alive): no read
  // waits behind it, so the connection closes once its answer is written (RFC 9112 §9.6).
  if (s.close)
    read_closed_ = true;

  const auto& settings = ctx_->settings;
  if (req.method() == bhttp::verb::options && !settings.cors_origins.empty()) {
    // A browser's preflight: which methods and headers a cross-origin call may use.
    s.headers += "Access-Control-Allow-Methods: POST, OPTIONS\r\n"
                 "Access-Control-Allow-Headers: Content-Type\r\n"
                 "Access-Control-Max-Age: 86400\r\n";
    return answer(seq, 204, {});
  }
  if (req.method() != bhttp::verb::post) {
    auto allow = settings.cors_origins.empty() ? "Allow: POST\r\n" : "Allow: POST, OPTIONS\r\n";
    return answer_http_error(seq, 405, allow,
                             rpc_error_body(jsonrpc::invalid_request("only POST is served")));
  }
  if (!http::is_json_content_type(req[bhttp::field::content_type]))
    return answer_http_error(
      seq, 415, {},
      rpc_error_body(jsonrpc::invalid_request("Content-Type must be application/json")));
  snapshot_ = ctx_->routes->load();
  auto target = read_rpc_path(req.target(), snapshot_->table);
  if (!target.found)
    return answer_http_error(seq, 404, {}, no_such_network_body(req.target()));

  auto batch = std::make_shared<rpc_batch>(
    std::move(req.body()), ctx_->limits,
    [self = this->shared_from_this(), seq](std::string body, bool empty) {
      boost::asio::post(self->stream_.get_executor(),
                        [self, seq, body = std::move(body), empty]() mutable {
                          self->on_batch_answer(seq, std::move(body), empty);
                        });
    });
  if (const auto& error = batch->error()) {
    counters.invalid.fetch_add(1, std::memory_order_relaxed);
    // Clients sending garbage send a lot of it: a line a second, the rest counted.
    log_limited(counters.log_limits, log_level::info, ctx_->settings.name, "invalid body",
                "refused a request body: " + error->message);
    snapshot_.reset();
    return answer(seq, 200, rpc_error_body(*error));
  }
  counters.calls.fetch_add(batch->calls().size(), std::memory_order_relaxed);
  route(batch, target.index);
}

// The connection becomes a WebSocket (RFC 6455): this session keeps nothing but the
// listener's handle on it, which close() and drain() pass on.
template <class Stream>
void rpc_session<Stream>::upgrade(request req) {
  read_closed_ = true;
  closed_ = true;
  timer_.cancel();
  auto ws
    = std::make_shared<rpc_ws_session<Stream>>(std::move(stream_), ctx_, this->shared_from_this());
  upgraded_ = ws;
  ws->run(std::move(req));
}

// Routes each call and hands every network its calls in one batch. Notifications still go
// upstream, but the client's answer does not wait for them.
template <class Stream>
void rpc_session<Stream>::route(const std::shared_ptr<rpc_batch>& batch,
                                std::optional<std::size_t> by_path) {
  const auto& table = snapshot_->table;
  const auto& calls = batch->calls();
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& call = calls[i];
    if (call.error) {
      ctx_->counters.invalid.fetch_add(1, std::memory_order_relaxed);
      log_limited(ctx_->counters.log_limits, log_level::info, ctx_->settings.name, "invalid call",
                  rpc_id_fields(call.id), "refused a call: " + call.error->message);
      std::string out;
      jsonrpc::append_error(out, call.id, *call.error);
      batch->fill(i, std::move(out));
      continue;
    }
    if (is_subscription_method(call.method)) {
      std::string out;
      if (!call.is_notification())
        jsonrpc::append_error(out, call.id, subscription_needs_websocket(call.method));
      batch->fill(i, std::move(out));
      continue;
    }
    auto decision = by_path ? table.route_to(*by_path) : table.route_method(call.method);
    network_port* port = nullptr;
    if (decision.is_routed() && decision.network < snapshot_->ports.size())
      port = snapshot_->ports[decision.network].get();
    if (port == nullptr) {
      auto outcome = decision.outcome == core::route_outcome::no_route ? errc::no_route
                                                                       : errc::upstream_unavailable;
      // Answered here, it reaches no network's data path: counted for its network here.
      if (outcome == errc::upstream_unavailable)
        count_unavailable(snapshot_->tallies, decision);
      std::string out;
      if (!call.is_notification())
        jsonrpc::append_error(out, call.id,
                              rpc_error_for(outcome, decision.matched_network_name, call.method));
      batch->fill(i, std::move(out));
      continue;
    }
    auto x = make_exchange<rpc_exchange>(batch, i, std::string{decision.network_name});
    if (call.is_notification())
      notifications_.push_back(x);
    auto it = std::find_if(batches_.begin(), batches_.end(),
                           [&](const auto& b) { return b.first == port; });
    if (it == batches_.end())
      batches_.emplace_back(port, std::vector<exchange_ptr>{std::move(x)});
    else
      it->second.push_back(std::move(x));
  }
  // The snapshot held until here keeps every port alive until its batch is handed over.
  for (auto& [port, exchanges] : batches_)
    port->forward(std::move(exchanges));
  batches_.clear();
  snapshot_.reset();
  for (auto& n : notifications_)
    n->settle_notification();
  notifications_.clear();
}

template <class Stream>
void rpc_session<Stream>::answer(std::uint64_t seq, unsigned status, std::string_view body) {
  auto& s = slot(seq);
  if (s.version < 11 && !s.close)
    s.headers
      += "Keep-Alive: timeout=" + std::to_string(ctx_->settings.idle_timeout_ms / 1000) + "\r\n";
  http::response_head head;
  head.status = status;
  head.keep_alive = !s.close;
  head.extra_headers = s.headers;
  http::append_response(s.bytes, head, body);
  s.ready = true;
  write_ready();
}

template <class Stream>
void rpc_session<Stream>::answer_http_error(std::uint64_t seq, unsigned status,
                                            std::string_view extra, std::string_view body) {
  ctx_->counters.refused.fetch_add(1, std::memory_order_relaxed);
  auto& s = slot(seq);
  s.headers += extra;
  // After a request that could not be read whole, the connection cannot go on.
  if (status == 400 || status == 413 || status == 431)
    s.close = true;
  answer(seq, status, body);
}

template <class Stream>
void rpc_session<Stream>::on_batch_answer(std::uint64_t seq, std::string body, bool empty) {
  if (closed_ || seq < first_seq_ || seq >= first_seq_ + slots_.size())
    return; // the connection closed, or was told it would, before this answer
  answer(seq, empty ? 204 : 200, body);
  if (can_read())
    do_read();
}

// Moves the answers that are next in request order to the write queue.
template <class Stream>
void rpc_session<Stream>::write_ready() {
  std::size_t written = 0;
  while (!slots_.empty() && slots_.front().ready) {
    auto& s = slots_.front();
    // The first answer's own bytes become the write queue: no copy, and no room kept.
    if (out_queue_.empty())
      out_queue_.swap(s.bytes);
    else
      out_queue_ += s.bytes;
    ++written;
    bool close = s.close;
    slots_.pop_front();
    ++first_seq_;
    if (close) {
      // Nothing after a closing answer is written (a pipelined request behind it is dropped,
      // as the client was told the connection ends here).
      read_closed_ = true;
      first_seq_ += slots_.size();
      slots_.clear();
      break;
    }
  }
  ctx_->counters.responses.fetch_add(written, std::memory_order_relaxed);
  do_write();
}

template <class Stream>
void rpc_session<Stream>::do_write() {
  if (writing_ || closed_ || out_queue_.empty())
    return close_if_done();
  writing_ = true;
  out_writing_.swap(out_queue_);
  out_queue_.clear();
  boost::asio::async_write(stream_, boost::asio::buffer(out_writing_),
                           [self = this->shared_from_this()](boost::system::error_code ec,
                                                             std::size_t) { self->on_write(ec); });
}

template <class Stream>
void rpc_session<Stream>::on_write(boost::beast::error_code ec) {
  writing_ = false;
  if (ec) {
    log(log_level::debug, ctx_->settings.name, "write: " + ec.message());
    return shutdown();
  }
  // A quiet connection keeps no copy of what it last wrote; while answers follow, the room
  // is reused for them.
  if (out_queue_.empty())
    std::string{}.swap(out_writing_);
  do_write();
  if (can_read())
    do_read();
}

template <class Stream>
bool rpc_session<Stream>::can_read() const {
  return !closed_ && !read_closed_ && !draining_
         && slots_.size() < ctx_->settings.max_in_flight_per_connection
         && out_queue_.size() + out_writing_.size() < max_unwritten_bytes;
}

template <class Stream>
void rpc_session<Stream>::arm_timer(std::chrono::milliseconds after, bool idle) {
  timer_.expires_after(after);
  timer_.async_wait([self = this->shared_from_this(), idle](boost::system::error_code ec) {
    if (ec || self->closed_ || !self->reading_)
      return;
    if (idle && !self->slots_.empty())
      return self->arm_timer(std::chrono::milliseconds(self->ctx_->settings.idle_timeout_ms), true);
    if (idle)
      self->ctx_->counters.idle_closed.fetch_add(1, std::memory_order_relaxed);
    self->timed_out_ = true;
    // Cancelling the read ends it with operation_aborted; answers owed still go out.
    boost::system::error_code ignored;
    self->stream_.lowest_layer().cancel(ignored);
  });
}

// Closes once no more requests are read and every answer owed has been written.
template <class Stream>
void rpc_session<Stream>::close_if_done() {
  if (closed_)
    return;
  if (draining_ && !reading_ && slots_.empty() && !writing_ && out_queue_.empty())
    return shutdown();
  if (read_closed_ && !reading_ && slots_.empty() && !writing_ && out_queue_.empty())
    shutdown();
}

template <class Stream>
void rpc_session<Stream>::shutdown() {
  if (closed_)
    return;
  closed_ = true;
  timer_.cancel();
  boost::system::error_code ignored;
  stream_.lowest_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.lowest_layer().close(ignored);
}

template class rpc_session<boost::asio::ip::tcp::socket>;
template class rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace switchyard
