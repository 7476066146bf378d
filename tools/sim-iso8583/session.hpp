#pragma once

#include "actors/io/duplex_stream.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/message.hpp"
#include "tools/sim-iso8583/issuer.hpp"
#include "tools/sim-iso8583/issuer_ledger.hpp"
#include "tools/sim-iso8583/sim_settings.hpp"
#include "tools/sim-iso8583/sim_stats.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace switchyard::sim {

namespace asio = boost::asio;
using switchyard::duplex_stream;

/// What every connection of one simulator shares; only the statistics change after start.
struct sim_context {
  sim_settings settings;             ///< the command line
  iso8583::dialect dialect;          ///< the dialect requests and responses use
  asio::ssl::context* tls = nullptr; ///< set when connections are TLS-secured
  std::uint64_t seed = 0;            ///< base seed; each connection adds its number
  sim_stats stats;                   ///< counters of all connections
  ledger_file* ledger = nullptr;     ///< where decisions are recorded (--ledger), if anywhere
};

/// One accepted connection: reads framed requests, answers each through the issuer rules
/// after a drawn latency (out of order when latencies differ), on its own strand.
class session : public std::enable_shared_from_this<session> {
public:
  /// Takes over `socket`, whose executor is a strand, as connection number `id`.
  session(asio::ip::tcp::socket socket, sim_context& context, std::uint64_t id);

  /// Starts the TLS handshake or the first read on the session's strand.
  void start();

private:
  using clock = std::chrono::steady_clock;

  struct delayed_reply {
    explicit delayed_reply(const duplex_stream::executor_type& ex) : timer(ex) {}

    asio::steady_timer timer;
    std::string frame;
  };

  using delayed_list = std::list<delayed_reply>;

  void on_start();
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  bool extract_frames();
  void handle_frame(const iso8583::frame_result& frame);
  void record(issuer_outcome outcome);
  issuer_outcome decide(iso8583::byte_view wire);
  issuer_dice roll();
  void send(iso8583::byte_view request_header);
  void on_delay(delayed_list::iterator reply, boost::beast::error_code ec);
  void on_enqueued();
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void arm_watchdog();
  void on_watchdog(boost::beast::error_code ec);
  void fail(boost::beast::error_code ec, std::string_view what);
  void close(std::string_view why);
  void log(std::string_view text) const;

  duplex_stream stream_;
  sim_context& ctx_;
  std::uint64_t id_;
  std::mt19937_64 rng_;
  asio::steady_timer watchdog_;
  std::vector<std::uint8_t> in_;
  std::size_t in_used_ = 0;
  iso8583::message request_;
  iso8583::message response_;
  std::string packed_;
  std::string out_;     // frames waiting for the next write
  std::string writing_; // frames of the write in progress
  delayed_list delayed_;
  std::uint64_t responses_ = 0;
  clock::time_point read_deadline_ = clock::time_point::max();
  clock::time_point write_deadline_ = clock::time_point::max();
  bool reading_ = false;
  bool closing_ = false; // --disconnect-after reached: close once the queue is written
  bool closed_ = false;
};

} // namespace switchyard::sim
