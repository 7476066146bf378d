// The way back of an acquirer session: replies encoded on the connector's thread, handed to
// the session's strand, gathered into one write per round and written, with each delivery
// guard told whether its approval reached the acquirer. (The reading side is iso_session.cpp.)

#include "actors/io/reply_batch.hpp"
#include "actors/iso8583/iso_session.hpp"
#include "actors/iso8583/iso_wire.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace switchyard {

template <class Stream>
void iso_session<Stream>::reply_now(const std::string& header, const iso8583::message& response) {
  on_reply(encode_reply_frame(header, response, *ctx_->dialect, ctx_->framing), 1, {});
}

// Encodes on the replying thread (a connector's worker) and hands bytes to the strand.
template <class Stream>
iso_exchange::reply_function iso_session<Stream>::make_reply(std::string header) {
  return [self = this->shared_from_this(),
          header = std::move(header)](const auto& response, std::shared_ptr<delivery_guard> guard) {
    const auto& ctx = *self->ctx_;
    if (auto* batch = reply_batch::add(self, &iso_session::deliver)) {
      append_reply_frame(header, response, *ctx.dialect, ctx.framing, *batch);
      if (guard)
        reply_batch::guard(self, std::move(guard));
      return;
    }
    auto frame = encode_reply_frame(header, response, *ctx.dialect, ctx.framing);
    guard_list guards;
    if (guard)
      guards.push_back({frame.size(), std::move(guard)});
    deliver(self, std::move(frame), 1, std::move(guards));
  };
}

template <class Stream>
void iso_session<Stream>::deliver(const std::shared_ptr<void>& target, std::string frames,
                                  std::size_t count, guard_list guards) {
  auto self = std::static_pointer_cast<iso_session>(target);
  boost::asio::post(self->stream_.get_executor(), [self, frames = std::move(frames), count,
                                                   guards = std::move(guards)]() mutable {
    self->on_reply(std::move(frames), count, std::move(guards));
  });
}

// Writes what the socket takes now, without waiting for a completion: the deliveries it
// covers are recorded right after the write, with no other work in between that a crash
// could fall into. The rest goes out as usual. Plain TCP only (a TLS write is not one call).
template <class Stream>
void iso_session<Stream>::write_now() {
  if constexpr (!is_tls_stream<Stream>) {
    boost::system::error_code ec;
    auto n = stream_.write_some(boost::asio::buffer(output_.queued()), ec);
    if (!ec)
      output_.wrote_queued(n);
  }
  do_write();
}

template <class Stream>
void iso_session<Stream>::on_reply(std::string frame, std::size_t count, guard_list guards) {
  in_flight_ -= count;
  if (closed_)
    return guarded_output::never_delivered(guards);
  ctx_->counters.responses.fetch_add(count, std::memory_order_relaxed);
  bool urgent = output_.queue(frame, std::move(guards));
  // An approval whose delivery is on record goes out at once: the shorter the time between
  // the record and the write, the less a crash can fall between them.
  if (urgent && !writing_)
    write_now();
  else
    schedule_write();
  if (!extracting_ && can_read())
    do_read();
  close_if_drained();
}

// Writes after the hand-overs already due (other links' replies) have queued theirs: one
// write, and one wake-up of the acquirer, for all of them.
template <class Stream>
void iso_session<Stream>::schedule_write() {
  if (writing_ || write_posted_)
    return;
  write_posted_ = true;
  boost::asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
    self->write_posted_ = false;
    if (!self->writing_)
      self->do_write();
    self->close_if_drained();
  });
}

template <class Stream>
void iso_session<Stream>::do_write() {
  if (output_.nothing_queued() || closed_)
    return;
  writing_ = true;
  boost::asio::async_write(
    stream_, boost::asio::buffer(output_.begin_write()),
    [self = this->shared_from_this()](boost::system::error_code ec, std::size_t written) {
      self->on_write(ec, written);
    });
}

template <class Stream>
void iso_session<Stream>::on_write(const boost::system::error_code& ec, std::size_t written) {
  writing_ = false;
  // Replies written in full reached the acquirer's connection; the rest did not.
  output_.end_write(written);
  if (ec)
    return fail(ec, "write");
  do_write();
  release_if_quiet();
  if (!extracting_ && can_read())
    do_read();
  close_if_drained();
}

// Nothing asked and not answered, nothing to write: the write side gives its memory back
// (a reply burst may have grown it), as the read side does when it waits.
template <class Stream>
void iso_session<Stream>::release_if_quiet() {
  if (in_flight_ > 0 || writing_ || write_posted_ || !output_.nothing_queued())
    return;
  output_.release();
  decltype(batches_){}.swap(batches_);
}

// The members defined here, for both kinds of session (iso_session.cpp instantiates the rest;
// explicit instantiation of members does not check access).
template void
iso_session<boost::asio::ip::tcp::socket>::reply_now(const std::string& header,
                                                     const iso8583::message& response);
template iso_exchange::reply_function
iso_session<boost::asio::ip::tcp::socket>::make_reply(std::string header);
template void iso_session<boost::asio::ip::tcp::socket>::deliver(
  const std::shared_ptr<void>& target, std::string frames, std::size_t count, guard_list guards);
template void iso_session<boost::asio::ip::tcp::socket>::write_now();
template void iso_session<boost::asio::ip::tcp::socket>::on_reply(std::string frame,
                                                                  std::size_t count,
                                                                  guard_list guards);
template void iso_session<boost::asio::ip::tcp::socket>::schedule_write();
template void iso_session<boost::asio::ip::tcp::socket>::do_write();
template void
iso_session<boost::asio::ip::tcp::socket>::on_write(const boost::system::error_code& ec,
                                                    std::size_t written);
template void iso_session<boost::asio::ip::tcp::socket>::release_if_quiet();
template void iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::reply_now(
  const std::string& header, const iso8583::message& response);
template iso_exchange::reply_function
iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::make_reply(std::string header);
template void iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::deliver(
  const std::shared_ptr<void>& target, std::string frames, std::size_t count, guard_list guards);
template void iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::write_now();
template void iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::on_reply(
  std::string frame, std::size_t count, guard_list guards);
template void iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::schedule_write();
template void iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::do_write();
template void iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::on_write(
  const boost::system::error_code& ec, std::size_t written);
template void
iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::release_if_quiet();

} // namespace switchyard
