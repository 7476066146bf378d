// How a JSON-RPC session answers: each request's slot filled when its answer is ready, the
// answers written in request order (pipelining), the connection closed after a closing one.
// (Reading is rpc_session.cpp, request handling rpc_session_requests.cpp.)

#include "actors/jsonrpc/rpc_session.hpp"
#include "protocols/http/http_response.hpp"

#include <boost/asio/write.hpp>

namespace switchyard {

template <class Stream>
auto rpc_session<Stream>::slot(std::uint64_t seq) -> answer_slot& {
  return slots_[seq - first_seq_];
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

// The members defined here, for both kinds of session (explicit instantiation of members
// does not check access).
template auto rpc_session<boost::asio::ip::tcp::socket>::slot(std::uint64_t seq) -> answer_slot&;
template void rpc_session<boost::asio::ip::tcp::socket>::answer(std::uint64_t seq, unsigned status,
                                                                std::string_view body);
template void rpc_session<boost::asio::ip::tcp::socket>::answer_http_error(
  std::uint64_t seq, unsigned status, std::string_view reason_header, std::string_view body);
template void rpc_session<boost::asio::ip::tcp::socket>::on_batch_answer(std::uint64_t seq,
                                                                         std::string body,
                                                                         bool empty);
template void rpc_session<boost::asio::ip::tcp::socket>::write_ready();
template void rpc_session<boost::asio::ip::tcp::socket>::do_write();
template void rpc_session<boost::asio::ip::tcp::socket>::on_write(boost::beast::error_code ec);
template auto
rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::slot(std::uint64_t seq)
  -> answer_slot&;
template void rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::answer(
  std::uint64_t seq, unsigned status, std::string_view body);
template void
rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::answer_http_error(
  std::uint64_t seq, unsigned status, std::string_view reason_header, std::string_view body);
template void rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::on_batch_answer(
  std::uint64_t seq, std::string body, bool empty);
template void rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::write_ready();
template void rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::do_write();
template void rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::on_write(
  boost::beast::error_code ec);

} // namespace switchyard
