#include "tools/loadgen-iso8583/connection.hpp"

#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tools/loadgen-iso8583/load_log.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace switchyard::loadgen {

namespace {

using boost::beast::bind_front_handler;
using boost::beast::error_code;
using std::chrono::microseconds;

constexpr std::size_t read_chunk = 256 * 1024;
constexpr auto min_connect_timeout = std::chrono::seconds{5};

// Often enough to notice timeouts within a tenth of --timeout-ms and to pace --rate.
microseconds tick_interval(const loadgen_settings& s, double rate) {
  auto interval = std::chrono::duration_cast<microseconds>(s.timeout) / 10;
  if (rate > 0)
    interval = std::min(interval, microseconds{std::llround(1e6 / rate)});
  return std::clamp(interval, microseconds{1000}, microseconds{100000});
}

} // namespace

connection::connection(asio::io_context& ioc, load_context& context, connection_plan plan,
                       load_stats& stats)
    : stream_(asio::ip::tcp::socket{asio::make_strand(ioc)}, context.tls),
      ctx_(context),
      plan_(plan),
      stats_(stats),
      factory_(*context.settings, plan.index, context.seed),
      table_(plan.in_flight),
      tick_(stream_.get_executor()),
      tick_interval_(tick_interval(*context.settings, plan.rate)),
      in_(read_chunk),
      header_(context.settings->framing.header_bytes, '\0') {
  stream_.verify_host(context.settings->host);
}

void connection::start() {
  asio::dispatch(stream_.get_executor(),
                 bind_front_handler(&connection::on_start, shared_from_this()));
}

void connection::stop() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (!self->connected_)
      return self->abandon("stopped before connecting");
    self->finish_if_done(clock::now());
  });
}

void connection::on_start() {
  connect_deadline_
    = clock::now() + std::max<clock::duration>(ctx_.settings->timeout, min_connect_timeout);
  arm_tick();
  stream_.socket().async_connect(ctx_.endpoint,
                                 bind_front_handler(&connection::on_connect, shared_from_this()));
}

void connection::on_connect(error_code ec) {
  if (ec)
    return fail(ec, "connect");
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  stream_.async_handshake(asio::ssl::stream_base::client,
                          bind_front_handler(&connection::on_handshake, shared_from_this()));
}

void connection::on_handshake(error_code ec) {
  if (ec)
    return fail(ec, "TLS handshake");
  connected_ = true;
  started_ = clock::now();
  do_read();
  issue(started_);
}

std::uint64_t connection::allowed_by(clock::time_point now) const {
  if (is_issuing_over(now))
    return sequence_;
  auto limit = plan_.quota.value_or(std::numeric_limits<std::uint64_t>::max());
  if (plan_.rate > 0) {
    const double due = std::chrono::duration<double>(now - started_).count() * plan_.rate + 1;
    limit = std::min(limit, static_cast<std::uint64_t>(due));
  }
  return limit;
}

void connection::issue(clock::time_point now) {
  if (!connected_ || finished_)
    return;
  const auto allowed = allowed_by(now);
  if (sequence_ < allowed && !table_.full()) {
    const auto wall = std::chrono::system_clock::now();
    while (sequence_ < allowed && !table_.full() && send_one(now, wall)) {
    }
    flush();
  }
  finish_if_done(now);
}

bool connection::send_one(clock::time_point now, std::chrono::system_clock::time_point wall) {
  const auto stan = table_.acquire(now, sequence_);
  factory_.build(request_, stan, sequence_, wall);
  const auto packed = iso8583::pack(request_, ctx_.dialect, packed_);
  const auto ec = packed.ok() ? iso8583::encode_frame(iso8583::as_byte_view(header_),
                                                      iso8583::as_byte_view(packed_),
                                                      ctx_.settings->framing, out_)
                              : packed.error;
  if (ec) {
    table_.release(stan);
    log("cannot build a request: " + (packed.ok() ? ec.message() : iso8583::to_string(packed)));
    stopping_ = true;
    return false;
  }
  if (ctx_.ledger)
    ctx_.ledger->sent(factory_.rrn_text(sequence_), stan, factory_.terminal_id());
  ++sequence_;
  ++stats_.sent;
  if (!stats_.first_sent)
    stats_.first_sent = now;
  return true;
}

void connection::flush() {
  if (finished_ || !writing_.empty() || out_.empty())
    return;
  writing_.swap(out_);
  write_started_ = clock::now();
  asio::async_write(stream_, asio::buffer(writing_),
                    bind_front_handler(&connection::on_write, shared_from_this()));
}

void connection::on_write(error_code ec, std::size_t) {
  if (ec)
    return fail(ec, "write");
  writing_.clear();
  flush();
  finish_if_done(clock::now());
}

void connection::do_read() {
  stream_.async_read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_),
                          bind_front_handler(&connection::on_read, shared_from_this()));
}

void connection::on_read(error_code ec, std::size_t bytes) {
  if (ec)
    return fail(ec, "read");
  if (finished_)
    return;
  in_used_ += bytes;
  // One clock reading per read: every answer in it arrived at the same moment.
  const auto now = clock::now();
  if (!extract_frames(now))
    return;
  do_read();
  issue(now);
}

bool connection::extract_frames(clock::time_point now) {
  std::size_t offset = 0;
  for (;;) {
    const auto frame
      = iso8583::try_extract({in_.data() + offset, in_used_ - offset}, ctx_.settings->framing);
    if (frame.status == iso8583::frame_status::need_more)
      break;
    if (frame.status == iso8583::frame_status::error) {
      fail(frame.error, "framing");
      return false;
    }
    handle_answer(frame.message, now);
    offset += frame.consumed;
  }
  if (offset > 0) {
    std::memmove(in_.data(), in_.data() + offset, in_used_ - offset);
    in_used_ -= offset;
  }
  return true;
}

void connection::handle_answer(iso8583::byte_view wire, clock::time_point now) {
  const auto decoded = iso8583::unpack(wire, ctx_.dialect, answer_);
  const auto stan = answer_.uint_field(11);
  if (!decoded.ok() || !stan || *stan > 999999) {
    ++stats_.malformed;
    return;
  }
  const auto sent
    = answer_.mti() == factory_.response_mti() && answer_.get(41) == factory_.terminal_id()
        ? table_.release(static_cast<std::uint32_t>(*stan))
        : std::nullopt;
  if (!sent) {
    ++stats_.unmatched;
    if (ctx_.ledger && answer_.has(37))
      ctx_.ledger->late(answer_.get(37), answer_.get(39));
    return;
  }
  ++stats_.answered;
  stats_.latency.record(
    static_cast<std::uint64_t>(std::chrono::duration_cast<microseconds>(now - sent->sent).count()));
  if (ctx_.ledger)
    ctx_.ledger->answer(factory_.rrn_text(sent->sequence), answer_.get(39));
  stats_.codes.record(answer_.get(39));
  stats_.timeline.record_answer(now, answer_.get(39) == "00");
  stats_.last_answer = now;
}

void connection::record_unanswered(const std::vector<std::uint64_t>& sequences,
                                   std::string_view why) {
  if (ctx_.ledger)
    for (const auto sequence : sequences)
      ctx_.ledger->unanswered(factory_.rrn_text(sequence), why);
}

void connection::arm_tick() {
  tick_.expires_after(tick_interval_);
  tick_.async_wait(bind_front_handler(&connection::on_tick, shared_from_this()));
}

void connection::on_tick(error_code ec) {
  if (ec || finished_)
    return;
  const auto now = clock::now();
  if (!connected_) {
    if (now >= connect_deadline_)
      return abandon("connect timed out");
  } else if (!writing_.empty() && now - write_started_ >= ctx_.settings->timeout) {
    // The peer stopped reading: every request is overdue and the run would never end.
    return abandon("write timed out");
  } else {
    const auto expired = table_.expire(now - ctx_.settings->timeout);
    stats_.timeouts += expired.size();
    stats_.timeline.record_unanswered(now, expired.size());
    record_unanswered(expired, "timeout");
    issue(now);
  }
  if (!finished_)
    arm_tick();
}

bool connection::is_issuing_over(clock::time_point now) const {
  return stopping_ || now >= ctx_.deadline || (plan_.quota && sequence_ >= *plan_.quota);
}

void connection::finish_if_done(clock::time_point now) {
  if (!finished_ && connected_ && is_issuing_over(now) && table_.in_flight() == 0
      && writing_.empty() && out_.empty())
    finish();
}

void connection::fail(error_code ec, std::string_view what) {
  if (finished_)
    return;
  abandon(std::string(what) + ": " + ec.message());
}

void connection::abandon(std::string_view why) {
  if (finished_)
    return;
  log(why);
  if (!connected_ && !stopping_)
    ++stats_.failed_connections;
  const auto lost = table_.clear();
  stats_.lost += lost.size();
  stats_.timeline.record_unanswered(clock::now(), lost.size());
  record_unanswered(lost, "lost");
  finish();
}

void connection::finish() {
  finished_ = true;
  if (plan_.quota && *plan_.quota > sequence_)
    stats_.unsent += *plan_.quota - sequence_;
  tick_.cancel();
  stream_.close();
  if (ctx_.active.fetch_sub(1) == 1)
    ctx_.on_all_finished();
}

void connection::log(std::string_view text) const {
  log_line("loadgen-iso8583 #" + std::to_string(plan_.index) + ": " + std::string(text));
}

} // namespace switchyard::loadgen
