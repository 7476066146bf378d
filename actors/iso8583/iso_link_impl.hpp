#pragma once

// Internal to iso_link.cpp and iso_link_admin.cpp: the link's state on its strand.

#include "actors/io/log_limiter.hpp"
#include "actors/io/upstream_connection.hpp"
#include "actors/iso8583/iso_link.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <vector>

namespace switchyard {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class iso_link_impl final : public iso_link, public upstream_connection {
public:
  iso_link_impl(const iso_strand& strand, iso_link_settings settings,
                std::shared_ptr<iso_link_events> events);

  void start() override;
  void stop() override;
  void send(std::string frame) override;
  void recycle() override;
  bool echo_now(std::chrono::milliseconds timeout) override;

  bool is_up() const noexcept override { return up_.load(std::memory_order_acquire); }

  std::uint64_t opened() const noexcept override { return upstream_connection::opened(); }

  std::uint64_t closed() const noexcept override { return upstream_connection::closed(); }

  std::uint64_t recycled() const noexcept override { return upstream_connection::recycled(); }

private:
  // upstream_connection's hooks.
  void on_connected() override;
  void on_dropped(const std::string& reason, bool was_connected) override;
  void on_closed() override;

  // iso_link.cpp: I/O.
  void do_read();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  void do_write();
  void queue(std::string_view frame);

  std::shared_ptr<iso_link_impl> self() { return self_as<iso_link_impl>(); }

  template <class Handler>
  void async_read_some(net::mutable_buffer buf, Handler&& handler);
  template <class Handler>
  void async_write(net::const_buffer buf, Handler&& handler);

  // iso_link_admin.cpp: sign-on and echo (network management, 0800/0810).
  void send_admin(std::string_view code, std::chrono::milliseconds timeout);
  bool handle_admin_response(const iso8583::message& m);
  void arm_echo_timer();
  void on_echo_timer();
  void on_admin_timeout(std::uint64_t sent_on);
  void mark_up();
  void check_backlog();
  void on_issuer_management(std::string_view code);

  iso_link_settings settings_;
  std::shared_ptr<iso_link_events> events_;
  net::steady_timer echo_timer_;
  net::steady_timer admin_timer_;
  std::vector<std::uint8_t> in_;
  std::size_t in_used_ = 0;
  std::vector<iso8583::message> inbox_; // decoded messages of one read, reused
  std::string out_queue_;
  std::string out_writing_;
  bool writing_ = false;
  bool write_posted_ = false; // a write is posted to gather what else is queued first
  bool signed_off_ = false;   // by the issuer: connected, but no requests until it signs on
  bool backlogged_ = false;   // more unwritten than max_unwritten_bytes: out of rotation
  std::chrono::steady_clock::time_point last_activity_;
  std::string admin_stan_;  // STAN of the outstanding 0800, empty when none
  std::string admin_code_;  // its field 70: 001 sign-on, 301 echo
  log_limiter undecodable_; // messages from the issuer its dialect cannot read: a line a second
  std::uint32_t admin_counter_ = 0;
  std::atomic<bool> up_{false};
};

} // namespace switchyard
