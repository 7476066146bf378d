#include "tools/sim-jsonrpc/http_session.hpp"

#include "tools/sim-jsonrpc/ws_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace switchyard::rpc_sim {

namespace http = boost::beast::http;

namespace {

using boost::beast::bind_front_handler;
using boost::beast::error_code;

constexpr std::uint64_t max_body_bytes = 1024 * 1024;
constexpr std::size_t max_pipelined = 64;
constexpr std::size_t max_queued_bytes = 4 * 1024 * 1024;
constexpr auto handshake_timeout = std::chrono::seconds{10};
constexpr auto write_timeout = std::chrono::seconds{10};
constexpr auto linger_timeout = std::chrono::seconds{2};

std::string excerpt(std::string_view text) {
  constexpr std::size_t limit = 400;
  return text.size() <= limit ? std::string(text) : std::string(text.substr(0, limit)) + "...";
}

} // namespace

http_session::http_session(asio::ip::tcp::socket socket, server_context& context, std::uint64_t id)
    : stream_(std::make_unique<duplex_stream>(std::move(socket), context.tls)),
      ctx_(context),
      id_(id),
      watchdog_(stream_->get_executor()) {
  std::seed_seq seq{static_cast<std::uint32_t>(ctx_.seed),
                    static_cast<std::uint32_t>(ctx_.seed >> 32), static_cast<std::uint32_t>(id)};
  rng_.seed(seq);
}

void http_session::start() {
  asio::dispatch(stream_->get_executor(),
                 bind_front_handler(&http_session::on_start, shared_from_this()));
}

void http_session::on_start() {
  ctx_.answers.stats().connections.fetch_add(1, std::memory_order_relaxed);
  error_code ec;
  stream_->socket().set_option(asio::ip::tcp::no_delay(true), ec);
  if (ctx_.settings.verbose) {
    const auto peer = stream_->socket().remote_endpoint(ec);
    log("connected from " + peer.address().to_string() + ":" + std::to_string(peer.port()));
  }
  arm_watchdog();
  if (!stream_->is_tls())
    return do_read();
  read_deadline_ = clock::now() + handshake_timeout;
  stream_->async_handshake(asio::ssl::stream_base::server,
                           bind_front_handler(&http_session::on_handshake, shared_from_this()));
}

void http_session::on_handshake(error_code ec) {
  if (ec)
    return fail(ec, "TLS handshake");
  read_deadline_ = clock::time_point::max();
  do_read();
}

void http_session::do_read() {
  // Back-pressure: a peer that does not read its answers stops being read from.
  if (closed_ || reading_ || !accepting_ || slots_.size() >= max_pipelined
      || out_.size() >= max_queued_bytes)
    return;
  reading_ = true;
  const auto idle = ctx_.settings.idle_timeout;
  read_deadline_ = idle.count() > 0 ? clock::now() + idle : clock::time_point::max();
  parser_.emplace();
  parser_->body_limit(max_body_bytes);
  http::async_read(*stream_, buffer_, *parser_,
                   bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(error_code ec, std::size_t) {
  reading_ = false;
  read_deadline_ = clock::time_point::max();
  if (closed_)
    return;
  if (ec)
    return on_read_error(ec);
  handle_request();
  do_read();
}

void http_session::on_read_error(error_code ec) {
  if (ec == http::error::end_of_stream || ec == http::error::partial_message)
    return fail(asio::error::eof, "read");
  if (ec.category() != http::make_error_code(http::error::bad_target).category())
    return fail(ec, "read");
  // The request cannot be read whole, so neither can the ones behind it: answer and close.
  if (ec == http::error::body_limit)
    return schedule(ctx_.answers.reject_http(413, "request body over 1 MiB"));
  if (ec == http::error::header_limit)
    return schedule(ctx_.answers.reject_http(431, "request header too large"));
  schedule(ctx_.answers.reject_http(400, "malformed HTTP request: " + ec.message()));
}

void http_session::handle_request() {
  auto& request = parser_->get();
  if (boost::beast::websocket::is_upgrade(request)) {
    // An upgrade pipelined behind unanswered requests would race their answers.
    if (slots_.empty() && out_.empty() && writing_.empty())
      return upgrade();
    return schedule(ctx_.answers.reject_http(400, "upgrade behind unanswered requests"));
  }
  const http_request_view view{request.method_string(), request[http::field::content_type],
                               request.body(), request.keep_alive()};
  auto reply = ctx_.answers.answer_http(view, rng_, clock::now());
  if (ctx_.settings.verbose)
    log("request " + std::string(view.method) + " " + excerpt(view.body) + " -> "
        + excerpt(reply.bytes));
  schedule(std::move(reply));
}

void http_session::upgrade() {
  // The WebSocket session owns the connection from here; this one only lets go.
  closed_ = true;
  watchdog_.cancel();
  std::make_shared<ws_session>(std::move(stream_), ctx_, id_, rng_)->run(parser_->release());
}

void http_session::schedule(planned_reply reply) {
  if (reply.action != reply_action::send)
    accepting_ = false;
  if (reply.action == reply_action::hang)
    do_discard();
  auto& entry = slots_.emplace_back(stream_->get_executor());
  entry.reply = std::move(reply);
  if (entry.reply.delay.count() == 0 || entry.reply.action == reply_action::hang) {
    entry.ready = true;
    return flush();
  }
  entry.timer.expires_after(entry.reply.delay);
  entry.timer.async_wait(
    bind_front_handler(&http_session::on_delay, shared_from_this(), std::prev(slots_.end())));
}

void http_session::on_delay(slot_list::iterator at, error_code ec) {
  if (ec || closed_)
    return;
  at->ready = true;
  flush();
}

void http_session::flush() {
  // HTTP/1.1 answers in request order: a later answer whose latency passed first waits.
  while (!slots_.empty() && slots_.front().ready) {
    auto& reply = slots_.front().reply;
    if (reply.action == reply_action::hang)
      break;
    out_ += reply.bytes;
    if (reply.action != reply_action::send)
      closing_ = true;
    slots_.pop_front();
    if (closing_)
      break;
  }
  do_write();
}

void http_session::do_write() {
  if (closed_ || !writing_.empty())
    return;
  if (out_.empty()) {
    if (closing_)
      linger();
    return;
  }
  writing_.swap(out_);
  write_deadline_ = clock::now() + write_timeout;
  asio::async_write(*stream_, asio::buffer(writing_),
                    bind_front_handler(&http_session::on_write, shared_from_this()));
}

void http_session::on_write(error_code ec, std::size_t) {
  write_deadline_ = clock::time_point::max();
  if (ec)
    return fail(ec, "write");
  writing_.clear();
  do_write();
  do_read();
}

void http_session::linger() {
  // Closing with unread input would reset the connection, and a reset can destroy the last
  // answer in the peer's receive queue (a 413 sent while the body still arrives): say
  // goodbye first, then read until the peer closes too, for a little while.
  if (lingering_)
    return;
  lingering_ = true;
  error_code ignored;
  stream_->socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  discard_deadline_ = clock::now() + linger_timeout;
  do_discard();
}

void http_session::do_discard() {
  // Behind a hung request nothing can be answered in order, but reading on notices the
  // peer giving up and closing.
  if (closed_ || reading_)
    return;
  reading_ = true;
  const auto idle = ctx_.settings.idle_timeout;
  read_deadline_ = lingering_         ? discard_deadline_
                   : idle.count() > 0 ? clock::now() + idle
                                      : clock::time_point::max();
  buffer_.clear();
  stream_->async_read_some(buffer_.prepare(16384),
                           bind_front_handler(&http_session::on_discard, shared_from_this()));
}

void http_session::on_discard(error_code ec, std::size_t) {
  reading_ = false;
  read_deadline_ = clock::time_point::max();
  if (ec)
    return fail(ec, "read");
  do_discard();
}

void http_session::arm_watchdog() {
  watchdog_.expires_after(std::chrono::seconds{1});
  watchdog_.async_wait(bind_front_handler(&http_session::on_watchdog, shared_from_this()));
}

void http_session::on_watchdog(error_code ec) {
  if (ec || closed_)
    return;
  const auto now = clock::now();
  if (now >= write_deadline_)
    return close("write timed out");
  if (now >= read_deadline_)
    return close(lingering_ ? "answered the last request"
                 : reading_ ? "idle timeout"
                            : "TLS handshake timed out");
  arm_watchdog();
}

void http_session::fail(error_code ec, std::string_view what) {
  if (closed_ || ec == asio::error::operation_aborted)
    return;
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated
      || ec == asio::error::connection_reset)
    return close(lingering_ ? "answered the last request" : "closed by the peer");
  close(std::string(what) + ": " + ec.message());
}

void http_session::close(std::string_view why) {
  if (closed_)
    return;
  closed_ = true;
  if (ctx_.settings.verbose)
    log("closed: " + std::string(why));
  stream_->close();
  watchdog_.cancel();
  for (auto& entry : slots_)
    entry.timer.cancel();
}

void http_session::log(std::string_view text) const {
  log_event(ctx_, id_, text);
}

} // namespace switchyard::rpc_sim
