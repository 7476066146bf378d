#pragma once

#include "tools/sim-jsonrpc/server_context.hpp"
#include "tools/sim-jsonrpc/subscriptions.hpp"
#include "tools/sim-jsonrpc/ws_transport.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <random>
#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

namespace asio = boost::asio;

/// One connection upgraded to WebSocket: answers each text message through the provider
/// (in any order, each after its own latency) and pushes newHeads to its subscriptions.
class ws_session : public std::enable_shared_from_this<ws_session> {
public:
  /// Takes over the connection `stream` of HTTP session `id`, and its randomness.
  ws_session(std::unique_ptr<duplex_stream> stream, server_context& context, std::uint64_t id,
             const std::mt19937_64& rng);

  /// Accepts the upgrade `request` (already read) and starts reading messages.
  void run(boost::beast::http::request<boost::beast::http::string_body> request);

private:
  struct delayed_reply {
    explicit delayed_reply(const ws_transport::executor_type& ex) : timer(ex) {}

    asio::steady_timer timer;
    planned_reply reply;
  };

  using delayed_list = std::list<delayed_reply>;

  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void carry_out(planned_reply reply);
  void on_delay(delayed_list::iterator at, boost::beast::error_code ec);
  void enqueue(std::string text);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void arm_heads();
  void on_heads(boost::beast::error_code ec);
  void fail(boost::beast::error_code ec, std::string_view what);
  void close(std::string_view why);
  void log(std::string_view text) const;

  boost::beast::websocket::stream<ws_transport> ws_;
  server_context& ctx_;
  std::uint64_t id_;
  std::mt19937_64 rng_;
  boost::beast::flat_buffer in_;
  std::deque<std::string> queue_; // messages to write, the front one being written
  std::size_t queued_bytes_ = 0;
  delayed_list delayed_;
  subscriptions subs_;
  asio::steady_timer heads_timer_;
  std::uint64_t last_head_ = 0;
  bool heads_armed_ = false;
  bool reading_ = false;
  bool writing_ = false;
  bool closed_ = false;
};

} // namespace switchyard::rpc_sim
