#include "tools/sim-jsonrpc/ws_session.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>

#include <algorithm>

namespace switchyard::rpc_sim {

namespace websocket = boost::beast::websocket;

namespace {

using boost::beast::bind_front_handler;
using boost::beast::error_code;

constexpr std::size_t max_message_bytes = 1024 * 1024;
constexpr std::size_t max_delayed = 4096;
constexpr std::size_t pause_reading_bytes = 4 * 1024 * 1024;
constexpr std::size_t max_queued_bytes = 16 * 1024 * 1024;
// A session that fell behind pushes only the newest heads rather than a burst of old ones.
constexpr std::uint64_t max_heads_per_push = 16;

} // namespace

ws_session::ws_session(std::unique_ptr<duplex_stream> stream, server_context& context,
                       std::uint64_t id, const std::mt19937_64& rng)
    : ws_(std::move(stream)), ctx_(context), id_(id), rng_(rng), heads_timer_(ws_.get_executor()) {}

void ws_session::run(boost::beast::http::request<boost::beast::http::string_body> request) {
  ctx_.answers.stats().websockets.fetch_add(1, std::memory_order_relaxed);
  ws_.set_option(websocket::stream_base::timeout::suggested(boost::beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(boost::beast::http::field::server, "sim-jsonrpc");
  }));
  ws_.read_message_max(max_message_bytes);
  ws_.auto_fragment(false);
  ws_.text(true);
  ws_.async_accept(request, bind_front_handler(&ws_session::on_accept, shared_from_this()));
}

void ws_session::on_accept(error_code ec) {
  if (ec)
    return fail(ec, "WebSocket accept");
  if (ctx_.settings.verbose)
    log("upgraded to WebSocket");
  do_read();
}

void ws_session::do_read() {
  // Back-pressure: a peer that does not read its answers stops being read from.
  if (closed_ || reading_ || delayed_.size() >= max_delayed || queued_bytes_ >= pause_reading_bytes)
    return;
  reading_ = true;
  ws_.async_read(in_, bind_front_handler(&ws_session::on_read, shared_from_this()));
}

void ws_session::on_read(error_code ec, std::size_t) {
  reading_ = false;
  if (ec)
    return fail(ec, "read");
  if (closed_)
    return;
  const auto text = boost::beast::buffers_to_string(in_.data());
  in_.consume(in_.size());
  auto reply = ctx_.answers.answer_ws(text, subs_, rng_, chain::clock::now());
  if (ctx_.settings.verbose)
    log("message " + text.substr(0, 400) + " -> " + reply.bytes.substr(0, 400));
  carry_out(std::move(reply));
  if (!subs_.empty() && !heads_armed_)
    arm_heads();
  do_read();
}

void ws_session::carry_out(planned_reply reply) {
  if (reply.action == reply_action::hang)
    return;
  if (reply.delay.count() > 0) {
    auto& entry = delayed_.emplace_back(ws_.get_executor());
    entry.reply = std::move(reply);
    entry.timer.expires_after(entry.reply.delay);
    entry.reply.delay = {};
    entry.timer.async_wait(
      bind_front_handler(&ws_session::on_delay, shared_from_this(), std::prev(delayed_.end())));
    return;
  }
  if (reply.action == reply_action::close)
    return close("dropped (--drop-rate)");
  if (!reply.bytes.empty())
    enqueue(std::move(reply.bytes));
}

void ws_session::on_delay(delayed_list::iterator at, error_code ec) {
  auto reply = std::move(at->reply);
  delayed_.erase(at);
  if (ec || closed_)
    return;
  carry_out(std::move(reply));
  do_read();
}

void ws_session::enqueue(std::string text) {
  if (queued_bytes_ + text.size() > max_queued_bytes)
    return close("the peer does not read its messages");
  queued_bytes_ += text.size();
  queue_.push_back(std::move(text));
  do_write();
}

void ws_session::do_write() {
  if (closed_ || writing_ || queue_.empty())
    return;
  writing_ = true;
  ws_.async_write(asio::buffer(queue_.front()),
                  bind_front_handler(&ws_session::on_write, shared_from_this()));
}

void ws_session::on_write(error_code ec, std::size_t) {
  writing_ = false;
  if (ec)
    return fail(ec, "write");
  queued_bytes_ -= queue_.front().size();
  queue_.pop_front();
  do_write();
  do_read();
}

void ws_session::arm_heads() {
  const auto& blocks = ctx_.answers.blocks();
  if (!heads_armed_)
    last_head_ = blocks.head(chain::clock::now());
  heads_armed_ = true;
  heads_timer_.expires_at(blocks.time_of(last_head_ + 1));
  heads_timer_.async_wait(bind_front_handler(&ws_session::on_heads, shared_from_this()));
}

void ws_session::on_heads(error_code ec) {
  if (ec || closed_)
    return;
  if (subs_.empty()) {
    heads_armed_ = false;
    return;
  }
  const auto head = ctx_.answers.blocks().head(chain::clock::now());
  const auto first
    = std::max(last_head_ + 1, head >= max_heads_per_push ? head - max_heads_per_push + 1 : 0);
  for (auto block = first; block <= head && !closed_; ++block)
    for (const auto& id : subs_.ids())
      enqueue(ctx_.answers.new_head(id, block));
  last_head_ = std::max(last_head_, head);
  if (!closed_)
    arm_heads();
}

void ws_session::fail(error_code ec, std::string_view what) {
  if (closed_ || ec == asio::error::operation_aborted)
    return;
  if (ec == websocket::error::closed || ec == asio::error::eof
      || ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_reset)
    return close("closed by the peer");
  close(std::string(what) + ": " + ec.message());
}

void ws_session::close(std::string_view why) {
  if (closed_)
    return;
  closed_ = true;
  if (ctx_.settings.verbose)
    log("closed: " + std::string(why));
  ws_.next_layer().stream().close();
  heads_timer_.cancel();
  for (auto& entry : delayed_)
    entry.timer.cancel();
}

void ws_session::log(std::string_view text) const {
  log_event(ctx_, id_, text);
}

} // namespace switchyard::rpc_sim
