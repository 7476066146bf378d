#include "actors/jsonrpc/rpc_session.hpp"

#include "actors/jsonrpc/rpc_outcome.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

namespace switchyard {

namespace bhttp = boost::beast::http;

namespace {

constexpr auto handshake_timeout = std::chrono::seconds(10);
constexpr std::uint32_t max_header_bytes = 16 * 1024;
// A client that sends but does not read must not make us buffer without limit.
constexpr std::size_t max_unwritten_bytes = 4 * 1024 * 1024;

template <class Stream>
constexpr bool is_tls = !std::is_same_v<Stream, boost::asio::ip::tcp::socket>;

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
