#include "actors/iso8583/iso_session.hpp"

#include "actors/io/log.hpp"
#include "actors/iso8583/iso_intake_report.hpp"
#include "actors/iso8583/iso_outcome.hpp"
#include "protocols/iso8583/response.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <boost/asio/post.hpp>

#include <cstring>

namespace switchyard {

namespace {

// An acquirer that sends but does not read must not make us buffer without limit.
constexpr std::size_t max_unwritten_bytes = 1024 * 1024;
constexpr auto handshake_timeout = std::chrono::seconds(10);

} // namespace

template <class Stream>
iso_session<Stream>::iso_session(Stream stream, std::shared_ptr<iso_listener_context> ctx)
    : stream_(std::move(stream)),
      ctx_(std::move(ctx)),
      peer_(remote_of(stream_.lowest_layer())),
      idle_timer_(stream_.get_executor()),
      in_(ctx_->counters.read_buffer_bytes) {
  ctx_->counters.active.fetch_add(1, std::memory_order_relaxed);
}

template <class Stream>
iso_session<Stream>::~iso_session() {
  note_sign(sign_event::sign_off);
  ctx_->counters.active.fetch_sub(1, std::memory_order_relaxed);
}

template <class Stream>
void iso_session<Stream>::run() {
  // write_now() must never block: a full socket buffer leaves the rest to async_write.
  if constexpr (!is_tls_stream<Stream>) {
    boost::system::error_code ignored;
    stream_.non_blocking(true, ignored);
  }
  boost::asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (is_tls_stream<Stream>)
      self->do_handshake();
    else
      self->do_read();
  });
}

template <class Stream>
void iso_session<Stream>::close() {
  boost::asio::post(stream_.get_executor(),
                    [self = this->shared_from_this()] { self->shutdown(); });
}

template <class Stream>
void iso_session<Stream>::drain() {
  boost::asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
    self->draining_ = true;
    self->close_if_drained();
  });
}

template <class Stream>
void iso_session<Stream>::close_if_drained() {
  if (draining_ && in_flight_ == 0 && !writing_ && !write_posted_ && output_.nothing_queued())
    shutdown();
}

template <class Stream>
void iso_session<Stream>::do_handshake() {
  if constexpr (is_tls_stream<Stream>) {
    idle_timer_.expires_after(handshake_timeout);
    idle_timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (!ec)
        self->shutdown();
    });
    stream_.async_handshake(boost::asio::ssl::stream_base::server,
                            [self = this->shared_from_this()](boost::system::error_code ec) {
                              if (ec) {
                                // Closed by the handshake timer: the client never finished.
                                record_tls_failure(self->ctx_->counters, self->ctx_->settings.name,
                                                   self->peer_,
                                                   self->closed_ ? "timed out" : ec.message());
                                return self->shutdown();
                              }
                              self->do_read();
                            });
  }
}

template <class Stream>
void iso_session<Stream>::do_read() {
  if (closed_ || reading_)
    return;
  reading_ = true;
  if (!idle_timer_armed_)
    arm_idle_timer(last_read_ + std::chrono::milliseconds(ctx_->settings.idle_timeout_ms));
  if constexpr (!is_tls_stream<Stream>) {
    // Nothing half read: the next bytes are awaited without a buffer and read into one taken
    // when they arrive, so a quiet connection holds none. (A TLS stream reads its records
    // ahead, so readiness of its socket says nothing: it keeps reading into its buffer.)
    if (in_used_ == 0) {
      in_.give_back();
      stream_.async_wait(
        boost::asio::socket_base::wait_read,
        [self = this->shared_from_this()](boost::system::error_code ec) { self->on_readable(ec); });
      return;
    }
  }
  in_.take();
  if (in_used_ == in_.capacity())
    in_.grow(in_used_);
  stream_.async_read_some(boost::asio::buffer(in_.data() + in_used_, in_.capacity() - in_used_),
                          [self = this->shared_from_this()](
                            boost::system::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

// The socket is readable: reads what is there (the socket does not block) into a buffer
// taken now.
template <class Stream>
void iso_session<Stream>::on_readable(const boost::system::error_code& ec) {
  if constexpr (!is_tls_stream<Stream>) {
    if (ec)
      return on_read(ec, 0);
    in_.take();
    boost::system::error_code read_ec;
    auto n = stream_.read_some(boost::asio::buffer(in_.data(), in_.capacity()), read_ec);
    if (read_ec == boost::asio::error::would_block || read_ec == boost::asio::error::try_again) {
      reading_ = false; // woken with nothing to read after all: wait again
      return do_read();
    }
    on_read(read_ec, n);
  }
}

template <class Stream>
void iso_session<Stream>::on_read(const boost::system::error_code& ec, std::size_t n) {
  reading_ = false;
  if (ec)
    return fail(ec, "read");
  last_read_ = std::chrono::steady_clock::now();
  in_used_ += n;
  extracting_ = true;
  bool open = extract_frames();
  extracting_ = false;
  if (!open)
    return;
  if (can_read())
    do_read();
}

// Handles every complete frame in the buffer; returns false when the stream cannot be
// framed (the connection is closed: no way to find the next message boundary).
template <class Stream>
bool iso_session<Stream>::extract_frames() {
  snapshot_ = ctx_->routes->load();
  std::size_t pos = 0;
  for (;;) {
    auto r = iso8583::try_extract({in_.data() + pos, in_used_ - pos}, ctx_->framing);
    if (r.status == iso8583::frame_status::need_more)
      break;
    if (r.status == iso8583::frame_status::error) {
      ctx_->counters.rejected_frames.fetch_add(1, std::memory_order_relaxed);
      auto peer = peer_text(peer_);
      log_fields fields;
      fields.peer = peer;
      log_limited(ctx_->counters.log_limits, log_level::warn, ctx_->settings.name, "unframeable",
                  fields, "closing the connection from " + peer + ": " + r.error.message());
      flush_batches();
      shutdown();
      return false;
    }
    handle_frame(r.header, r.message);
    pos += r.consumed;
  }
  flush_batches();
  if (pos > 0) {
    std::memmove(in_.data(), in_.data() + pos, in_used_ - pos);
    in_used_ -= pos;
  }
  // Everything read is handled: the buffer goes back now, even when reading must pause.
  if (!is_tls_stream<Stream> && in_used_ == 0)
    in_.give_back();
  return !closed_;
}

template <class Stream>
void iso_session<Stream>::handle_frame(std::span<const std::uint8_t> header,
                                       std::span<const std::uint8_t> body) {
  ctx_->counters.requests.fetch_add(1, std::memory_order_relaxed);
  iso8583::message request;
  auto r = iso8583::unpack(body, *ctx_->dialect, request);
  auto d = take_in(request, r,
                   ctx_->settings.network_management == config::network_management_kind::local);
  if (d.action == intake_action::drop)
    return report_intake(request, d, *ctx_, peer_text(peer_));
  ++in_flight_;
  if (d.action == intake_action::answer)
    return answer_here(request, d, iso8583::response_header(header, ctx_->framing));
  route(std::move(request), iso8583::response_header(header, ctx_->framing));
}

// What the gateway answers itself: network management (00) quietly, anything else (12 or 30,
// ISO 8583:1987 field 39) counted and logged, masked, with its reason.
template <class Stream>
void iso_session<Stream>::answer_here(const iso8583::message& request, const intake_decision& d,
                                      const std::string& header) {
  note_sign(d.sign);
  if (d.code != "00" || log_enabled(log_level::debug))
    report_intake(request, d, *ctx_, peer_text(peer_));
  reply_now(header, make_intake_response(request, d));
}

// Signed-on connections are counted for the listener; a connection that goes away signs off.
template <class Stream>
void iso_session<Stream>::note_sign(sign_event sign) {
  if (sign == sign_event::none || signed_on_ == (sign == sign_event::sign_on))
    return;
  signed_on_ = sign == sign_event::sign_on;
  if (signed_on_)
    ctx_->counters.signed_on.fetch_add(1, std::memory_order_relaxed);
  else
    ctx_->counters.signed_on.fetch_sub(1, std::memory_order_relaxed);
}

template <class Stream>
void iso_session<Stream>::route(iso8583::message request, std::string header) {
  const auto& snapshot = snapshot_;
  auto decision = snapshot->table.route(request);
  if (decision.outcome == core::route_outcome::no_route)
    return reply_now(header, make_code_response(request, field39_for(errc::no_route)));
  network_port* port = nullptr;
  if (decision.outcome == core::route_outcome::routed && decision.network < snapshot->ports.size())
    port = snapshot->ports[decision.network].get();
  if (port == nullptr) {
    // Answered here, it reaches no network's data path: counted for its network here.
    count_unavailable(snapshot->tallies, decision);
    return reply_now(header, make_code_response(request, field39_for(errc::upstream_unavailable)));
  }
  exchange_ptr x
    = make_exchange<iso_exchange>(std::move(request), make_reply(std::move(header)), &open_);
  for (auto& [p, batch] : batches_)
    if (p == port)
      return batch.push_back(std::move(x));
  batches_.emplace_back(port, std::vector<exchange_ptr>{std::move(x)});
}

// The snapshot held during the read keeps every port alive until its batch is sent.
template <class Stream>
void iso_session<Stream>::flush_batches() {
  for (auto& [port, batch] : batches_)
    port->forward(std::move(batch));
  batches_.clear();
  snapshot_.reset();
}

template <class Stream>
bool iso_session<Stream>::can_read() const {
  return !draining_ && in_flight_ < ctx_->settings.max_in_flight_per_connection
         && output_.unwritten() < max_unwritten_bytes;
}

// Armed once and moved on only when it fires: reads just note their time, so a busy
// connection does not cancel and restart a timer on every read.
template <class Stream>
void iso_session<Stream>::arm_idle_timer(std::chrono::steady_clock::time_point deadline) {
  idle_timer_armed_ = true;
  idle_timer_.expires_at(deadline);
  idle_timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
    if (ec || self->closed_)
      return;
    auto timeout = std::chrono::milliseconds(self->ctx_->settings.idle_timeout_ms);
    auto now = std::chrono::steady_clock::now();
    if (now < self->last_read_ + timeout)
      return self->arm_idle_timer(self->last_read_ + timeout);
    if (self->in_flight_ > 0) // answers owed: not idle, whatever the acquirer sends
      return self->arm_idle_timer(now + timeout);
    self->ctx_->counters.idle_closed.fetch_add(1, std::memory_order_relaxed);
    self->shutdown();
  });
}

template <class Stream>
void iso_session<Stream>::fail(const boost::system::error_code& ec, const char* what) {
  if (ec != boost::asio::error::eof && ec != boost::asio::error::operation_aborted && !closed_)
    log(log_level::debug, ctx_->settings.name,
        std::string{what} + " (" + peer_text(peer_) + "): " + ec.message());
  shutdown();
}

template <class Stream>
void iso_session<Stream>::shutdown() {
  if (closed_)
    return;
  closed_ = true;
  open_.store(false, std::memory_order_release);
  // What is queued will never be written; what is being written is settled by on_write.
  output_.drop_queued();
  idle_timer_.cancel();
  boost::system::error_code ignored;
  stream_.lowest_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.lowest_layer().close(ignored);
}

template class iso_session<boost::asio::ip::tcp::socket>;
template class iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace switchyard
