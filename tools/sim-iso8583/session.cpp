#include "tools/sim-iso8583/session.hpp"

#include "protocols/iso8583/describe.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include <cstring>

namespace switchyard::sim {

namespace {

using boost::beast::bind_front_handler;
using boost::beast::error_code;

constexpr std::size_t read_chunk = 64 * 1024;
constexpr std::size_t max_queued_bytes = 4 * 1024 * 1024;
constexpr std::size_t max_delayed = 65536;
constexpr auto handshake_timeout = std::chrono::seconds{10};
constexpr auto write_timeout = std::chrono::seconds{10};

} // namespace

session::session(asio::ip::tcp::socket socket, sim_context& context, std::uint64_t id)
    : stream_(std::move(socket), context.tls),
      ctx_(context),
      id_(id),
      watchdog_(stream_.get_executor()),
      in_(read_chunk) {
  std::seed_seq seq{static_cast<std::uint32_t>(ctx_.seed),
                    static_cast<std::uint32_t>(ctx_.seed >> 32), static_cast<std::uint32_t>(id)};
  rng_.seed(seq);
}

void session::start() {
  asio::dispatch(stream_.get_executor(),
                 bind_front_handler(&session::on_start, shared_from_this()));
}

void session::on_start() {
  ctx_.stats.connections.fetch_add(1, std::memory_order_relaxed);
  error_code ec;
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  const auto peer = stream_.socket().remote_endpoint(ec);
  log("connected from " + peer.address().to_string() + ":" + std::to_string(peer.port()));
  arm_watchdog();
  if (!stream_.is_tls())
    return do_read();
  read_deadline_ = clock::now() + handshake_timeout;
  stream_.async_handshake(asio::ssl::stream_base::server,
                          bind_front_handler(&session::on_handshake, shared_from_this()));
}

void session::on_handshake(error_code ec) {
  if (ec)
    return fail(ec, "TLS handshake");
  read_deadline_ = clock::time_point::max();
  do_read();
}

void session::do_read() {
  // Back-pressure: a peer that does not read its answers stops being read from.
  if (closed_ || closing_ || reading_ || out_.size() >= max_queued_bytes
      || delayed_.size() >= max_delayed)
    return;
  reading_ = true;
  const auto idle = ctx_.settings.idle_timeout;
  read_deadline_ = idle.count() > 0 ? clock::now() + idle : clock::time_point::max();
  stream_.async_read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_),
                          bind_front_handler(&session::on_read, shared_from_this()));
}

void session::on_read(error_code ec, std::size_t bytes) {
  reading_ = false;
  read_deadline_ = clock::time_point::max();
  if (ec)
    return fail(ec, "read");
  if (closed_)
    return;
  in_used_ += bytes;
  if (!extract_frames())
    return;
  // One write for every answer of this read: small writes would become small TLS records
  // and break the peer's batches apart.
  do_write();
  do_read();
}

bool session::extract_frames() {
  std::size_t offset = 0;
  while (!closing_) {
    const auto frame
      = iso8583::try_extract({in_.data() + offset, in_used_ - offset}, ctx_.settings.framing);
    if (frame.status == iso8583::frame_status::need_more)
      break;
    if (frame.status == iso8583::frame_status::error) {
      close("unframeable input: " + frame.error.message());
      return false;
    }
    handle_frame(frame);
    offset += frame.consumed;
  }
  if (offset > 0) {
    std::memmove(in_.data(), in_.data() + offset, in_used_ - offset);
    in_used_ -= offset;
  }
  return !closed_;
}

void session::handle_frame(const iso8583::frame_result& frame) {
  ctx_.stats.requests.fetch_add(1, std::memory_order_relaxed);
  const auto outcome = decide(frame.message);
  ctx_.stats.count(outcome);
  record(outcome);
  if (outcome == issuer_outcome::ignored)
    log("ignored a message that is not a request");
  if (outcome != issuer_outcome::dropped && outcome != issuer_outcome::ignored)
    send(frame.header);
}

void session::record(issuer_outcome outcome) {
  if (!ctx_.ledger)
    return;
  const auto line = ledger_line(request_, outcome, response_);
  if (!line.empty() && !ctx_.ledger->append(line))
    log("cannot append to the ledger");
}

issuer_outcome session::decide(iso8583::byte_view wire) {
  const auto result = iso8583::unpack(wire, ctx_.dialect, request_);
  if (!result.ok()) {
    log("malformed request: " + iso8583::to_string(result));
    return answer_malformed(request_, response_);
  }
  if (ctx_.settings.verbose)
    log("request " + iso8583::describe(request_, ctx_.dialect));
  return answer(request_, ctx_.settings.rules, roll(), response_);
}

issuer_dice session::roll() {
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  const double drop = unit(rng_);
  const double error = unit(rng_);
  issuer_dice dice{drop, error, static_cast<std::uint32_t>(rng_() % 1000000)};
  // Drawn only when asked for, so that a seed gives the same run as before the option.
  if (ctx_.settings.rules.advice_error_rate > 0)
    dice.advice_error = unit(rng_);
  return dice;
}

void session::send(iso8583::byte_view request_header) {
  const auto packed = iso8583::pack(response_, ctx_.dialect, packed_);
  if (!packed.ok())
    return log("cannot pack the response: " + iso8583::to_string(packed));
  if (ctx_.settings.verbose)
    log("response " + iso8583::describe(response_, ctx_.dialect));
  const auto delay = draw_latency(ctx_.settings.latency, rng_);
  const bool immediate = delay.count() == 0;
  std::string& target = immediate ? out_ : delayed_.emplace_back(stream_.get_executor()).frame;
  const auto header = iso8583::response_header(request_header, ctx_.settings.framing);
  if (auto ec = iso8583::encode_frame(iso8583::as_byte_view(header), iso8583::as_byte_view(packed_),
                                      ctx_.settings.framing, target)) {
    if (!immediate)
      delayed_.pop_back();
    return log("cannot frame the response: " + ec.message());
  }
  if (immediate)
    return on_enqueued();
  auto reply = std::prev(delayed_.end());
  reply->timer.expires_after(delay);
  reply->timer.async_wait(bind_front_handler(&session::on_delay, shared_from_this(), reply));
}

void session::on_delay(delayed_list::iterator reply, error_code ec) {
  if (!ec && !closed_ && !closing_) {
    out_ += reply->frame;
    on_enqueued();
    do_write();
  }
  delayed_.erase(reply);
  do_read();
}

void session::on_enqueued() {
  ++responses_;
  const auto limit = ctx_.settings.disconnect_after;
  if (limit > 0 && responses_ >= limit && !closing_) {
    closing_ = true;
    log("closing after " + std::to_string(limit) + " responses (--disconnect-after)");
  }
}

void session::do_write() {
  if (closed_ || !writing_.empty())
    return;
  if (out_.empty()) {
    if (closing_)
      close("--disconnect-after reached");
    return;
  }
  writing_.swap(out_);
  write_deadline_ = clock::now() + write_timeout;
  asio::async_write(stream_, asio::buffer(writing_),
                    bind_front_handler(&session::on_write, shared_from_this()));
}

void session::on_write(error_code ec, std::size_t) {
  write_deadline_ = clock::time_point::max();
  if (ec)
    return fail(ec, "write");
  writing_.clear();
  do_write();
  do_read();
}

void session::arm_watchdog() {
  watchdog_.expires_after(std::chrono::seconds{1});
  watchdog_.async_wait(bind_front_handler(&session::on_watchdog, shared_from_this()));
}

void session::on_watchdog(error_code ec) {
  if (ec || closed_)
    return;
  const auto now = clock::now();
  if (now >= write_deadline_)
    return close("write timed out");
  if (now >= read_deadline_)
    return close(reading_ ? "idle timeout" : "TLS handshake timed out");
  arm_watchdog();
}

void session::fail(error_code ec, std::string_view what) {
  if (closed_ || ec == asio::error::operation_aborted)
    return;
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated)
    return close("closed by the peer");
  close(std::string(what) + ": " + ec.message());
}

void session::close(std::string_view why) {
  if (closed_)
    return;
  closed_ = true;
  log("closed: " + std::string(why));
  stream_.close();
  watchdog_.cancel();
  for (auto& reply : delayed_)
    reply.timer.cancel();
}

void session::log(std::string_view text) const {
  log_line("sim-iso8583[" + ctx_.settings.name + "] #" + std::to_string(id_) + ": "
           + std::string(text));
}

} // namespace switchyard::sim
