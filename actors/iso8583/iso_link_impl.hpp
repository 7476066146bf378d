#pragma once

// Internal to iso_link.cpp and iso_link_admin.cpp: the link's state on its strand.

#include "actors/io/duplex_stream.hpp"
#include "actors/iso8583/iso_link.hpp"
#include "core/backoff.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <random>
#include <vector>

namespace switchyard {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class iso_link_impl final : public iso_link, public std::enable_shared_from_this<iso_link_impl> {
public:
  iso_link_impl(const iso_strand& strand, iso_link_settings settings,
                std::shared_ptr<iso_link_events> events);

  void start() override;
  void stop() override;
  void send(std::string frame) override;
  void recycle() override;
  bool echo_now(std::chrono::milliseconds timeout) override;

  bool is_up() const noexcept override { return up_.load(std::memory_order_acquire); }

  std::uint64_t opened() const noexcept override { return opened_.load(); }

  std::uint64_t closed() const noexcept override { return closed_.load(); }

  std::uint64_t recycled() const noexcept override { return recycled_.load(); }

private:
  // iso_link.cpp: connection lifecycle and I/O.
  void do_resolve();
  void do_connect(const tcp::resolver::results_type& endpoints);
  void do_handshake();
  void on_connected();
  void do_read();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  void do_write();
  void drop(const std::string& reason);
  void halt();
  void queue(std::string_view frame);
  void schedule_reconnect();
  void close_socket();

  bool is_stale(std::uint64_t gen) const { return stopped_ || gen != generation_; }
  template <class Handler>
  void async_read_some(net::mutable_buffer buf, Handler&& handler);
  template <class Handler>
  void async_write(net::const_buffer buf, Handler&& handler);

  // iso_link_admin.cpp: sign-on and echo (network management, 0800/0810).
  void send_admin(std::string_view code, std::chrono::milliseconds timeout);
  bool handle_admin_response(const iso8583::message& m);
  void arm_echo_timer();
  void on_echo_timer();
  void on_admin_timeout(std::uint64_t generation);
  void mark_up();
  void check_backlog();
  void on_issuer_management(std::string_view code);

  iso_strand strand_;
  iso_link_settings settings_;
  std::shared_ptr<iso_link_events> events_;
  tcp::resolver resolver_;

  tcp::socket& lowest() { return stream_->socket(); }

  std::unique_ptr<duplex_stream> stream_; // plain or TLS; null before the first connect
  net::steady_timer connect_timer_;
  net::steady_timer echo_timer_;
  net::steady_timer admin_timer_;
  net::steady_timer reconnect_timer_;
  std::vector<std::uint8_t> in_;
  std::size_t in_used_ = 0;
  std::vector<iso8583::message> inbox_; // decoded messages of one read, reused
  std::string out_queue_;
  std::string out_writing_;
  bool writing_ = false;
  bool write_posted_ = false; // a write is posted to gather what else is queued first
  bool connected_ = false;
  bool stopped_ = false;
  bool signed_off_ = false;      // by the issuer: connected, but no requests until it signs on
  bool backlogged_ = false;      // more unwritten than link_backlog_limit: out of rotation
  std::uint64_t generation_ = 0; // bumps on every (re)connect; stale handlers compare it
  std::chrono::steady_clock::time_point last_activity_;
  std::string admin_stan_; // STAN of the outstanding 0800, empty when none
  std::string admin_code_; // its field 70: 001 sign-on, 301 echo
  std::uint32_t admin_counter_ = 0;
  core::backoff reconnect_backoff_;
  std::minstd_rand random_;
  std::atomic<bool> up_{false};
  std::atomic<std::uint64_t> opened_{0};
  std::atomic<std::uint64_t> closed_{0};
  std::atomic<std::uint64_t> recycled_{0};
};

} // namespace switchyard
