#pragma once

#include "actors/io/duplex_stream.hpp"
#include "tools/sim-jsonrpc/server_context.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

namespace asio = boost::asio;

/// One accepted connection speaking HTTP/1.1: reads requests ahead (pipelining), plans each
/// answer through the provider, and writes the answers in request order once their latency
/// has passed; hands the connection to a WebSocket session on an upgrade request.
class http_session : public std::enable_shared_from_this<http_session> {
public:
  /// Takes over `socket`, whose executor is a strand, as connection number `id`.
  http_session(asio::ip::tcp::socket socket, server_context& context, std::uint64_t id);

  /// Starts the TLS handshake or the first read on the session's strand.
  void start();

private:
  using clock = std::chrono::steady_clock;
  using request_parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  struct slot {
    explicit slot(const duplex_stream::executor_type& ex) : timer(ex) {}

    asio::steady_timer timer;
    planned_reply reply;
    bool ready = false;
  };

  using slot_list = std::list<slot>;

  void on_start();
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_read_error(boost::beast::error_code ec);
  void handle_request();
  void upgrade();
  void schedule(planned_reply reply);
  void on_delay(slot_list::iterator at, boost::beast::error_code ec);
  void flush();
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void linger();
  void do_discard();
  void on_discard(boost::beast::error_code ec, std::size_t bytes);
  void arm_watchdog();
  void on_watchdog(boost::beast::error_code ec);
  void fail(boost::beast::error_code ec, std::string_view what);
  void close(std::string_view why);
  void log(std::string_view text) const;

  std::unique_ptr<duplex_stream> stream_;
  server_context& ctx_;
  std::uint64_t id_;
  std::mt19937_64 rng_;
  asio::steady_timer watchdog_;
  boost::beast::flat_buffer buffer_;
  std::optional<request_parser> parser_;
  slot_list slots_;     // answers not yet written, in request order
  std::string out_;     // answers waiting for the next write
  std::string writing_; // answers of the write in progress
  clock::time_point read_deadline_ = clock::time_point::max();
  clock::time_point write_deadline_ = clock::time_point::max();
  bool reading_ = false;
  bool accepting_ = true; // false once an answer ends the exchange (close, hang, Connection: close)
  bool closing_ = false;  // close once everything before is written
  bool lingering_ = false; // our side is shut down; reading until the peer closes too
  bool closed_ = false;
  clock::time_point discard_deadline_ = clock::time_point::max();
};

} // namespace switchyard::rpc_sim
