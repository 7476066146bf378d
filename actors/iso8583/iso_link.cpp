#include "actors/io/log.hpp"
#include "actors/iso8583/iso_link_impl.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>

#include <cstring>

namespace switchyard {

namespace {

// Decoded messages whose buffers a link keeps between reads.
constexpr std::size_t max_kept_messages = 32;

} // namespace

namespace {

connection_target target_of(const iso_link_settings& s) {
  connection_target t;
  t.id = s.id;
  t.network = s.network;
  t.host = s.host;
  t.port = s.port;
  t.tls = s.tls;
  t.server_name = s.server_name;
  t.connect_timeout = s.connect_timeout;
  t.reconnect_min = s.reconnect_min;
  t.reconnect_max = s.reconnect_max;
  return t;
}

} // namespace

iso_link_impl::iso_link_impl(const iso_strand& strand, iso_link_settings settings,
                             std::shared_ptr<iso_link_events> events)
    : upstream_connection(strand, target_of(settings)),
      settings_(std::move(settings)),
      events_(std::move(events)),
      echo_timer_(strand),
      admin_timer_(strand),
      in_(16 * 1024) {}

void iso_link_impl::start() {
  begin();
}

void iso_link_impl::stop() {
  if (strand().running_in_this_thread())
    return halt();
  net::post(strand(), [self = self()] { self->halt(); });
}

void iso_link_impl::recycle() {
  replace_connection();
}

void iso_link_impl::send(std::string frame) {
  if (strand().running_in_this_thread())
    return queue(frame);
  net::post(strand(), [self = self(), frame = std::move(frame)] { self->queue(frame); });
}

void iso_link_impl::queue(std::string_view frame) {
  if (!is_connected())
    return;
  out_queue_ += frame;
  check_backlog();
  // Write after the handlers already due (other sessions' batches) have queued theirs:
  // one write, and one wake-up of the issuer, for all of them.
  if (writing_ || write_posted_)
    return;
  write_posted_ = true;
  net::post(strand(), [self = self(), gen = generation()] {
    if (gen != self->generation())
      return;
    self->write_posted_ = false;
    if (!self->writing_)
      self->do_write();
  });
}

void iso_link_impl::on_connected() {
  last_activity_ = std::chrono::steady_clock::now();
  do_read();
  if (settings_.sign_on)
    send_admin("001", settings_.connect_timeout);
  else
    mark_up();
}

template <class Handler>
void iso_link_impl::async_read_some(net::mutable_buffer buf, Handler&& handler) {
  stream().async_read_some(buf, std::forward<Handler>(handler));
}

template <class Handler>
void iso_link_impl::async_write(net::const_buffer buf, Handler&& handler) {
  net::async_write(stream(), buf, std::forward<Handler>(handler));
}

void iso_link_impl::do_read() {
  if (in_used_ == in_.size())
    in_.resize(in_.size() * 2);
  async_read_some(net::buffer(in_.data() + in_used_, in_.size() - in_used_),
                  [self = self(), gen = generation()](boost::system::error_code ec, std::size_t n) {
                    if (gen == self->generation())
                      self->on_read(ec, n);
                  });
}

void iso_link_impl::on_read(const boost::system::error_code& ec, std::size_t n) {
  if (ec)
    return drop(ec == net::error::eof ? "closed by upstream" : "read failed: " + ec.message());
  in_used_ += n;
  last_activity_ = std::chrono::steady_clock::now();
  const auto gen = generation();
  std::size_t pos = 0;
  std::size_t decoded = 0;
  std::string unframeable;
  // An admin answer (a refused sign-on) may drop the connection mid-loop: the buffer is
  // reset then, so stop reading it at once.
  while (!is_stale(gen)) {
    auto r = iso8583::try_extract({in_.data() + pos, in_used_ - pos}, settings_.framing);
    if (r.status == iso8583::frame_status::need_more)
      break;
    if (r.status == iso8583::frame_status::error) {
      unframeable = r.error.message();
      break;
    }
    pos += r.consumed;
    if (inbox_.size() == decoded)
      inbox_.emplace_back();
    auto& m = inbox_[decoded];
    auto u = iso8583::unpack(r.message, *settings_.dialect, m);
    if (!u.ok()) {
      // An issuer sending what its dialect does not describe does so for every message.
      log_limited(undecodable_, log_level::warn, settings_.network, "undecodable",
                  log_fields::of_network(settings_.network),
                  where() + ": undecodable message from upstream: " + iso8583::to_string(u));
      continue;
    }
    if (!handle_admin_response(m))
      ++decoded;
  }
  // One event per read, not per message: under load a read holds many responses.
  if (decoded > 0)
    events_->on_responses(settings_.id, std::span{inbox_.data(), decoded});
  // Keep buffers for a typical read, not for the largest burst ever seen.
  if (inbox_.size() > max_kept_messages)
    inbox_.resize(max_kept_messages);
  if (!unframeable.empty())
    return drop("unframeable data from upstream: " + unframeable);
  if (is_stale(gen))
    return;
  std::memmove(in_.data(), in_.data() + pos, in_used_ - pos);
  in_used_ -= pos;
  do_read();
}

void iso_link_impl::do_write() {
  if (out_queue_.empty() || !is_connected())
    return;
  writing_ = true;
  out_writing_.swap(out_queue_);
  out_queue_.clear();
  last_activity_ = std::chrono::steady_clock::now();
  async_write(net::buffer(out_writing_),
              [self = self(), gen = generation()](boost::system::error_code ec, std::size_t) {
                if (gen != self->generation())
                  return;
                self->writing_ = false;
                if (ec)
                  return self->drop("write failed: " + ec.message());
                self->do_write();
                self->check_backlog();
              });
}

// An upstream that stops reading must not make the link buffer without limit: past the
// bound the link is taken out of rotation (its network's requests are refused at once), and
// it comes back once most of it went out.
void iso_link_impl::check_backlog() {
  auto unwritten = out_queue_.size() + (writing_ ? out_writing_.size() : 0);
  if (!backlogged_ && unwritten > settings_.max_unwritten_bytes) {
    backlogged_ = true;
    log(log_level::warn, settings_.network, log_fields::of_network(settings_.network),
        where() + ": " + std::to_string(unwritten)
          + " bytes unwritten: no new requests on this connection");
    events_->on_backlog(settings_.id, true);
  } else if (backlogged_ && unwritten < settings_.max_unwritten_bytes / 4) {
    backlogged_ = false;
    if (up_.load(std::memory_order_acquire))
      events_->on_backlog(settings_.id, false);
  }
}

void iso_link_impl::on_dropped(const std::string& reason, bool) {
  events_->on_link_down(settings_.id, reason);
}

void iso_link_impl::on_closed() {
  up_.store(false);
  signed_off_ = false;
  backlogged_ = false;
  writing_ = false;
  write_posted_ = false;
  out_queue_.clear();
  in_used_ = 0;
  admin_stan_.clear();
  echo_timer_.cancel();
  admin_timer_.cancel();
}

std::shared_ptr<iso_link> make_iso_link(const iso_strand& strand, iso_link_settings settings,
                                        std::shared_ptr<iso_link_events> events) {
  return std::make_shared<iso_link_impl>(strand, std::move(settings), std::move(events));
}

} // namespace switchyard
