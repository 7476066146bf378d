#pragma once

#include "actors/io/duplex_stream.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/message.hpp"
#include "tools/loadgen-iso8583/load_ledger.hpp"
#include "tools/loadgen-iso8583/load_report.hpp"
#include "tools/loadgen-iso8583/loadgen_settings.hpp"
#include "tools/loadgen-iso8583/pending_table.hpp"
#include "tools/loadgen-iso8583/request_factory.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::loadgen {

namespace asio = boost::asio;
using switchyard::duplex_stream;

/// What one connection is asked to do.
struct connection_plan {
  std::uint32_t index = 0;            ///< 0-based; names the terminal (field 41)
  std::uint32_t in_flight = 1;        ///< requests outstanding at most
  std::optional<std::uint64_t> quota; ///< requests to send; nothing: until the deadline
  double rate = 0;                    ///< requests per second; 0: closed loop
};

/// What the connections of one run share; fixed before they start, except `active`.
struct load_context {
  const loadgen_settings* settings = nullptr;     ///< the command line
  iso8583::dialect dialect;                       ///< the dialect of requests and answers
  asio::ssl::context* tls = nullptr;              ///< set when connections use TLS
  asio::ip::tcp::endpoint endpoint;               ///< the target
  std::uint64_t seed = 0;                         ///< base seed for amounts
  std::chrono::steady_clock::time_point deadline; ///< no request is sent after this
  std::atomic<std::uint32_t> active{0};           ///< connections not yet finished
  std::function<void()> on_all_finished;          ///< called by the last to finish
  load_ledger* ledger = nullptr;                  ///< where requests are recorded (--ledger)
};

/// One client connection: keeps up to its share of requests in flight, matches answers by
/// STAN and terminal id, and records latencies and response codes in its own stats.
class connection : public std::enable_shared_from_this<connection> {
public:
  /// Prepares connection `plan.index` on a new strand of `ioc`, recording into `stats`.
  connection(asio::io_context& ioc, load_context& context, connection_plan plan, load_stats& stats);

  /// Connects and starts sending.
  void start();

  /// Stops sending; the connection finishes once its requests in flight are settled.
  void stop();

private:
  using clock = std::chrono::steady_clock;

  void on_start();
  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  bool is_issuing_over(clock::time_point now) const;
  std::uint64_t allowed_by(clock::time_point now) const;
  void issue(clock::time_point now);
  bool send_one(clock::time_point now, std::chrono::system_clock::time_point wall);
  void flush();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  bool extract_frames(clock::time_point now);
  void handle_answer(iso8583::byte_view wire, clock::time_point now);
  void record_unanswered(const std::vector<std::uint64_t>& sequences, std::string_view why);
  void arm_tick();
  void on_tick(boost::beast::error_code ec);
  void finish_if_done(clock::time_point now);
  void fail(boost::beast::error_code ec, std::string_view what);
  void abandon(std::string_view why);
  void finish();
  void log(std::string_view text) const;

  duplex_stream stream_;
  load_context& ctx_;
  connection_plan plan_;
  load_stats& stats_;
  request_factory factory_;
  pending_table table_;
  asio::steady_timer tick_;
  std::chrono::microseconds tick_interval_;
  std::vector<std::uint8_t> in_;
  std::size_t in_used_ = 0;
  iso8583::message request_;
  iso8583::message answer_;
  std::string header_;
  std::string packed_;
  std::string out_;     // frames waiting for the next write
  std::string writing_; // frames of the write in progress
  std::uint64_t sequence_ = 0;
  clock::time_point started_;
  clock::time_point connect_deadline_;
  clock::time_point write_started_;
  bool connected_ = false;
  bool stopping_ = false;
  bool finished_ = false;
};

} // namespace switchyard::loadgen
