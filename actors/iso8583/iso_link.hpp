#pragma once

// One persistent upstream connection of an ISO 8583 network: connect (TCP or TLS),
// optional sign-on, echo when idle, reconnect with backoff. Requests are multiplexed on
// it; it hands every response to its events sink. Asio only: no actors here.
//
// The links of one network share their network's strand, so the network's decisions
// (iso_upstream) run next to the sockets without a hand-over between threads.

#include "actors/io/strand.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/message.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// The strand a network's links and decisions run on.
using iso_strand = io_strand;

/// Receives what happens on links; implemented by the network's upstream, called on the
/// links' strand.
class iso_link_events {
public:
  virtual ~iso_link_events() = default;

  /// The link is connected (and signed on when configured) and takes requests.
  virtual void on_link_up(std::uint32_t link) = 0;

  /// The link is gone; requests in flight on it will not be answered.
  virtual void on_link_down(std::uint32_t link, std::string reason) = 0;

  /// Messages arrived (all read at once) that are not the link's own network management.
  /// They stay the link's (their buffers are reused for the next read); the sink may change
  /// them during the call.
  virtual void on_responses(std::uint32_t link, std::span<iso8583::message> responses) = 0;

  /// An echo test finished: `ok` when 0810 came back with 39 = 00 in time.
  virtual void on_echo(std::uint32_t link, bool ok, std::string detail) = 0;

  /// The issuer signed the link off (0800, field 70 = 002): it takes no new requests until
  /// the issuer signs it on again (0800, field 70 = 001), reported as on_link_up.
  virtual void on_link_signed_off(std::uint32_t link) = 0;

  /// The link's unwritten bytes passed its bound (`full`: it takes no new requests, which
  /// are refused at once rather than queued without limit) or fell well below it again.
  virtual void on_backlog(std::uint32_t link, bool full) = 0;
};

/// How one link connects and keeps itself alive.
struct iso_link_settings {
  std::uint32_t id = 0;
  std::string network;
  std::string host;
  std::uint16_t port = 0;
  std::shared_ptr<const iso8583::dialect> dialect; ///< shared: links outlive their connector
  iso8583::framing_settings framing;
  std::string header; ///< fixed header bytes sent before each message (framing.header_bytes)
  std::shared_ptr<boost::asio::ssl::context> tls; ///< null for plain TCP
  std::string server_name;                        ///< TLS SNI and name to verify; may be empty
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds echo_interval{30000}; ///< idle time before an echo test; 0 = never
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
  bool sign_on = false;
  /// Unwritten bytes past which the link takes no new requests (they are refused at once
  /// rather than queued without limit); below a quarter of that it takes them again.
  std::size_t max_unwritten_bytes = std::size_t{1} << 20;
};

/// A self-healing upstream connection; create with make_iso_link.
class iso_link {
public:
  virtual ~iso_link() = default;

  /// Starts connecting (and reconnecting after failures) until stop().
  virtual void start() = 0;

  /// Closes the connection for good; no more events after the current one (none at all
  /// once it returns, when called on the link's strand).
  virtual void stop() = 0;

  /// Replaces the connection with a fresh one at once (pool recycling): closes it without
  /// an on_link_down event, then reconnects and reports on_link_up as usual. Call on the
  /// link's strand when nothing is in flight on it.
  virtual void recycle() = 0;

  /// Queues one complete frame for writing; thread-safe, and without a hand-over when
  /// called on the link's strand. Dropped when the link is down.
  virtual void send(std::string frame) = 0;

  /// Sends an echo test (0800, field 70 = 301) now unless one is already outstanding; its
  /// outcome comes as on_echo, and no answer within `timeout` drops the connection. Call on
  /// the link's strand; false when the link is not up.
  virtual bool echo_now(std::chrono::milliseconds timeout) = 0;

  /// Returns whether the link is up (connected, signed on).
  virtual bool is_up() const noexcept = 0;

  /// Returns how many connections this link opened and closed since it was created.
  virtual std::uint64_t opened() const noexcept = 0;
  virtual std::uint64_t closed() const noexcept = 0;

  /// Returns how many of the closed connections were closed by recycle().
  virtual std::uint64_t recycled() const noexcept = 0;
};

/// Creates a link running on `strand`, reporting to `events` (called on that strand).
std::shared_ptr<iso_link> make_iso_link(const iso_strand& strand, iso_link_settings settings,
                                        std::shared_ptr<iso_link_events> events);

} // namespace switchyard
