#pragma once

// The life of one persistent upstream connection, whatever its protocol: resolve, connect
// within a timeout, TLS handshake (peer verified, SNI), then the protocol's own start; on
// any failure close, tell the protocol, and connect again after a jittered exponential
// backoff. Recycling replaces the connection at once. Asio only: no actors here.
//
// The connections of one network share their network's strand, so handlers here and the
// protocol's run next to the network's decisions without a hand-over between threads.

#include "actors/io/duplex_stream.hpp"
#include "actors/io/log.hpp"
#include "actors/io/strand.hpp"
#include "core/backoff.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// Where one upstream connection goes and how it comes back after failures.
struct connection_target {
  std::uint32_t id = 0; ///< the link's number within its network
  std::string network;  ///< for log lines
  std::string host;     ///< a name or an address
  std::uint16_t port = 0;
  std::shared_ptr<boost::asio::ssl::context> tls; ///< null for plain TCP
  std::string server_name;                        ///< TLS SNI and name to verify; may be empty
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
};

/// A self-healing connection; a protocol's link derives from it and does its part in the
/// hooks. Everything runs on the strand given at construction.
class upstream_connection : public std::enable_shared_from_this<upstream_connection> {
public:
  virtual ~upstream_connection() = default;

  upstream_connection(const upstream_connection&) = delete;
  upstream_connection& operator=(const upstream_connection&) = delete;

  /// Returns how many connections were opened and closed since the link was created.
  std::uint64_t opened() const noexcept { return opened_.load(); }

  std::uint64_t closed() const noexcept { return closed_.load(); }

  /// Returns how many of the closed connections were closed by a recycle.
  std::uint64_t recycled() const noexcept { return recycled_.load(); }

protected:
  upstream_connection(const io_strand& strand, connection_target target);

  /// Starts connecting (from any thread).
  void begin();

  /// Closes for good: no hook runs afterwards. On the strand.
  void halt();

  /// Replaces a connected connection at once (on_dropped is not called). On the strand.
  void replace_connection();

  /// Closes the connection, reports `reason` through on_dropped and connects again later.
  /// Every failure path of the protocol ends here; a close that is part of normal operation
  /// (a peer ending an idle or a finished connection) passes a quieter `level`. On the strand.
  void drop(const std::string& reason, log_level level = log_level::warn);

  /// The connection is usable for traffic: the next failure starts the backoff afresh.
  void connection_proved() { reconnect_backoff_.reset(); }

  /// The connection is established (and the TLS handshake done): the protocol starts.
  virtual void on_connected() = 0;

  /// The connection was lost with `reason` (not called after halt or for a replacement).
  /// `was_connected`: it had come up, rather than failed to connect.
  virtual void on_dropped(const std::string& reason, bool was_connected) = 0;

  /// The connection closed, for whatever reason: the protocol clears its per-connection state.
  virtual void on_closed() = 0;

  /// Returns whether a handler of connection `generation` comes too late.
  bool is_stale(std::uint64_t generation) const { return stopped_ || generation != generation_; }

  /// Returns a shared pointer to the derived link, for handlers.
  template <class T>
  std::shared_ptr<T> self_as() {
    return std::static_pointer_cast<T>(shared_from_this());
  }

  duplex_stream& stream() { return *stream_; }

  boost::asio::ip::tcp::socket& lowest() { return stream_->socket(); }

  const io_strand& strand() const noexcept { return strand_; }

  const connection_target& target() const noexcept { return target_; }

  std::uint64_t generation() const noexcept { return generation_; }

  bool is_connected() const noexcept { return connected_; }

  bool is_stopped() const noexcept { return stopped_; }

  /// Returns "host:port", for log lines.
  std::string where() const { return target_.host + ":" + std::to_string(target_.port); }

private:
  void do_resolve();
  void do_connect(const boost::asio::ip::tcp::resolver::results_type& endpoints);
  void do_handshake();
  void schedule_reconnect();
  void close_socket();

  io_strand strand_;
  connection_target target_;
  boost::asio::ip::tcp::resolver resolver_;
  std::unique_ptr<duplex_stream> stream_; // plain or TLS; null before the first connect
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer reconnect_timer_;
  std::minstd_rand random_;
  core::backoff reconnect_backoff_;
  std::uint64_t generation_ = 0; // bumps on every (re)connect; stale handlers compare it
  bool connected_ = false;
  bool stopped_ = false;
  std::atomic<std::uint64_t> opened_{0};
  std::atomic<std::uint64_t> closed_{0};
  std::atomic<std::uint64_t> recycled_{0};
};

} // namespace switchyard
