#pragma once

// One acquirer connection: frames in, routed exchanges out, responses written as they
// complete (possibly out of order). Asio only; actors are reached through network_port.

#include "actors/io/guarded_output.hpp"
#include "actors/io/read_buffer.hpp"
#include "actors/iso8583/iso_exchange.hpp"
#include "actors/iso8583/iso_intake.hpp"
#include "actors/iso8583/iso_listener.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace switchyard {

/// Whether a session's `Stream` is TLS (anything but a plain TCP socket).
template <class Stream>
constexpr bool is_tls_stream = !std::is_same_v<Stream, boost::asio::ip::tcp::socket>;

/// A session over `Stream` (a plain TCP socket or a TLS stream over one).
template <class Stream>
class iso_session : public connection_session,
                    public std::enable_shared_from_this<iso_session<Stream>> {
public:
  /// Takes over an accepted connection.
  iso_session(Stream stream, std::shared_ptr<iso_listener_context> ctx);

  ~iso_session() override;

  /// Starts the TLS handshake (if any) and the read loop.
  void run();

  void close() override;

  void drain() override;

private:
  void close_if_drained();
  void do_handshake();
  void do_read();
  void on_readable(const boost::system::error_code& ec);
  void on_read(const boost::system::error_code& ec, std::size_t n);
  bool extract_frames();
  void handle_frame(std::span<const std::uint8_t> header, std::span<const std::uint8_t> body);
  void answer_here(const iso8583::message& request, const intake_decision& d,
                   const std::string& header);
  void note_sign(sign_event sign);
  void route(iso8583::message request, std::string header);
  void flush_batches();
  void reply_now(const std::string& header, const iso8583::message& response);
  iso_exchange::reply_function make_reply(std::string header);
  void on_reply(std::string frames, std::size_t count, guard_list guards);
  static void deliver(const std::shared_ptr<void>& target, std::string frames, std::size_t count,
                      guard_list guards);
  void schedule_write();
  void do_write();
  void on_write(const boost::system::error_code& ec, std::size_t written);
  void release_if_quiet();
  void write_now();
  void arm_idle_timer(std::chrono::steady_clock::time_point deadline);
  bool can_read() const;
  void fail(const boost::system::error_code& ec, const char* what);
  void shutdown();

  Stream stream_;
  std::shared_ptr<iso_listener_context> ctx_;
  boost::asio::ip::tcp::endpoint peer_; // for log lines: which acquirer it was
  boost::asio::steady_timer idle_timer_;
  read_buffer in_;          // held only while bytes read are not handled (plain TCP)
  std::size_t in_used_ = 0; // bytes of in_ read and not yet handled (a frame's start)
  guarded_output output_;
  std::atomic<bool> open_{true}; // read by exchanges on other threads
  std::size_t in_flight_ = 0;
  bool reading_ = false;
  bool idle_timer_armed_ = false;
  std::chrono::steady_clock::time_point last_read_ = std::chrono::steady_clock::now();
  bool extracting_ = false; // replies made while extracting must not start a read
  // Exchanges of one read, grouped by network: one message per connector per read.
  std::shared_ptr<const route_snapshot> snapshot_;
  std::vector<std::pair<network_port*, std::vector<exchange_ptr>>> batches_;
  bool writing_ = false;
  bool write_posted_ = false; // a write is posted to gather other replies first
  bool closed_ = false;
  bool draining_ = false;
  bool signed_on_ = false; // the acquirer signed on (0800, field 70 = 001) and not off since
};

using plain_iso_session = iso_session<boost::asio::ip::tcp::socket>;
using tls_iso_session = iso_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace switchyard
