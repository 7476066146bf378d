#include "actors/jsonrpc/rpc_link.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <charconv>
#include <optional>

namespace switchyard {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

constexpr std::uint32_t max_header_bytes = 16 * 1024;

} // namespace

// The parser of the answer being read, and the bytes read past it.
struct rpc_link::reader {
  // Room for a typical answer in one read: Beast reads only as much as the buffer can take.
  reader() { buffer.reserve(16 * 1024); }

  boost::beast::flat_buffer buffer;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser;
};

rpc_link::rpc_link(const io_strand& strand, rpc_link_settings settings,
                   std::shared_ptr<rpc_link_events> events)
    : upstream_connection(strand, settings.target),
      settings_(std::move(settings)),
      events_(std::move(events)),
      reader_(std::make_shared<reader>()) {
  request_head_ = "POST " + settings_.path + " HTTP/1.1\r\nHost: " + settings_.host_header
                  + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                    "Content-Length: ";
}

rpc_link::~rpc_link() = default;

bool rpc_link::send(std::uint64_t token, std::string_view body) {
  if (!up_)
    return false;
  out_queue_ += request_head_;
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), body.size());
  out_queue_.append(digits, end);
  out_queue_ += "\r\n\r\n";
  out_queue_ += body;
  tokens_.push_back(token);
  // Write after the handlers already due have queued theirs: one write for all of them.
  if (!writing_ && !write_posted_) {
    write_posted_ = true;
    net::post(strand(), [self = self_as<rpc_link>(), gen = generation()] {
      if (self->is_stale(gen))
        return;
      self->write_posted_ = false;
      self->do_write();
    });
  }
  return true;
}

void rpc_link::do_write() {
  if (writing_ || out_queue_.empty() || !is_connected())
    return;
  writing_ = true;
  out_writing_.swap(out_queue_);
  out_queue_.clear();
  net::async_write(
    stream(), net::buffer(out_writing_),
    [self = self_as<rpc_link>(), gen = generation()](boost::system::error_code ec, std::size_t) {
      if (self->is_stale(gen))
        return;
      self->writing_ = false;
      if (ec)
        return self->drop("write failed: " + ec.message());
      self->do_write();
    });
}

void rpc_link::on_connected() {
  up_ = true;
  connection_proved();
  do_read();
  events_->on_link_up(target().id);
}

// One read is always pending, so a provider closing an idle connection is seen at once.
void rpc_link::do_read() {
  auto r = reader_;
  r->parser.emplace();
  r->parser->header_limit(max_header_bytes);
  r->parser->body_limit(settings_.max_response_bytes);
  bhttp::async_read(
    stream(), r->buffer, *r->parser,
    [self = self_as<rpc_link>(), gen = generation(), r](boost::system::error_code ec, std::size_t) {
      if (self->is_stale(gen))
        return;
      if (ec) {
        bool idle
          = self->tokens_.empty() && (ec == bhttp::error::end_of_stream || ec == net::error::eof);
        if (idle)
          return self->drop("closed by the provider (idle)", log_level::debug);
        return self->drop("read failed: " + ec.message());
      }
      auto& parser = *r->parser;
      if (self->tokens_.empty())
        return self->drop("an answer no call was waiting for");
      auto token = self->tokens_.front();
      self->tokens_.pop_front();
      auto message = parser.release();
      bool keep_alive = message.keep_alive();
      rpc_reply reply;
      reply.status = message.result_int();
      reply.body = std::move(message.body());
      reply.retry_after = std::string{message[bhttp::field::retry_after]};
      self->events_->on_reply(self->target().id, token, std::move(reply));
      if (self->is_stale(gen))
        return; // the upstream dropped the link meanwhile
      if (!keep_alive)
        return self->drop("closed by the provider (Connection: close)", log_level::debug);
      self->do_read();
    });
}

void rpc_link::on_dropped(const std::string& reason, bool) {
  auto lost = std::move(lost_);
  lost_.clear();
  events_->on_link_down(target().id, reason, std::move(lost));
}

void rpc_link::on_closed() {
  up_ = false;
  lost_.assign(tokens_.begin(), tokens_.end());
  tokens_.clear();
  out_queue_.clear();
  writing_ = false;
  write_posted_ = false;
  reader_ = std::make_shared<reader>();
}

} // namespace switchyard
