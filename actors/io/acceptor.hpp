#pragma once

// One listening socket of any protocol: accepts connections up to a limit, wraps each in
// TLS when configured, hands it to the protocol's session, and closes or drains every
// session on stop. Asio only: no actors here.

#include "actors/io/data_path.hpp"
#include "actors/io/log_limiter.hpp"
#include "config/settings.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace switchyard {

/// What a listener needs of any session, whatever its stream type and protocol.
class connection_session {
public:
  virtual ~connection_session() = default;

  /// Closes the connection from any thread.
  virtual void close() = 0;

  /// Stops reading new requests and closes once every request read so far is answered
  /// and written; from any thread.
  virtual void drain() = 0;
};

/// Counters of one listener's connections; sessions keep `active` (one each while alive).
struct connection_counters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> rejected_over_limit{0};
  std::atomic<std::uint64_t> active{0};
  std::atomic<std::uint64_t> idle_closed{0};
  std::atomic<std::uint64_t> tls_failures{0};
  std::atomic<std::uint64_t> signed_on{0}; ///< connections signed on (ISO 8583 field 70 = 001)
  /// Bytes of read buffers the sessions hold now: none while every connection is quiet.
  std::atomic<std::uint64_t> read_buffer_bytes{0};
  log_limiter log_limits; ///< bad input from any of the listener's connections: a line a second
};

/// Returns a listener's numbers as far as every protocol counts them alike: connections
/// accepted, open, refused over the limit, closed for idleness, failed in the TLS handshake
/// and signed on.
inline listener_numbers connection_numbers(const connection_counters& c) {
  listener_numbers n;
  n.accepted = c.accepted.load();
  n.active = c.active.load();
  n.rejected_over_limit = c.rejected_over_limit.load();
  n.idle_closed = c.idle_closed.load();
  n.tls_failures = c.tls_failures.load();
  n.signed_on = c.signed_on.load();
  return n;
}

/// Returns "address:port" of a client for log lines, or "an unknown peer" when unset.
std::string peer_text(const boost::asio::ip::tcp::endpoint& peer);

/// Returns the remote endpoint of `socket`, or an unset one when it has none (gone already).
boost::asio::ip::tcp::endpoint
remote_of(const boost::asio::basic_socket<boost::asio::ip::tcp>& socket);

/// Counts a failed TLS handshake of a connection from `peer` to `listener` and logs `why`
/// (a line a second at most, with the count of those held back).
void record_tls_failure(connection_counters& counters, std::string_view listener,
                        const boost::asio::ip::tcp::endpoint& peer, std::string_view why);

/// Makes the session of one accepted connection, plain or TLS, and starts it.
struct session_factory {
  std::function<std::shared_ptr<connection_session>(boost::asio::ip::tcp::socket)> plain;
  std::function<std::shared_ptr<connection_session>(
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket>)>
    tls;
};

/// A listening socket and the sessions it accepted; lives on the node's I/O threads.
class acceptor {
public:
  /// Creates an acceptor for `settings` (address, port, max_connections), TLS-wrapping
  /// connections with `tls` when set, counting in `counters` (which must outlive it).
  acceptor(boost::asio::io_context& io, const config::listener_settings& settings,
           std::shared_ptr<boost::asio::ssl::context> tls, connection_counters& counters,
           session_factory make_session);

  ~acceptor();

  acceptor(const acceptor&) = delete;
  acceptor& operator=(const acceptor&) = delete;

  /// Binds and starts accepting; returns an error text (address in use, ...) or empty.
  std::string start();

  /// Returns the bound port (the OS's choice when configured as 0).
  std::uint16_t port() const noexcept;

  /// Stops accepting and closes every session; pending replies are dropped. Returns once
  /// the listening socket is closed (the port is free), within a second at most.
  void stop();

  /// Stops accepting and lets every session finish the requests it has read.
  void drain();

  /// Returns true once no session is left.
  bool is_drained() const noexcept;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

} // namespace switchyard
