#pragma once

#include "actors/io/acceptor.hpp"
#include "actors/io/route_board.hpp"
#include "config/settings.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/framing.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// Counters of one acquirer listener; read by the listener actor for status.
struct iso_listener_counters : connection_counters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> responses{0};
  std::atomic<std::uint64_t> format_errors{0};   ///< answered with 30
  std::atomic<std::uint64_t> rejected_frames{0}; ///< unreadable: dropped or connection closed
};

/// Everything an acquirer session needs, shared by the listener's sessions.
struct iso_listener_context {
  config::listener_settings settings;
  const iso8583::dialect* dialect = nullptr;
  std::shared_ptr<const iso8583::dialect> owned_dialect; ///< set when loaded from a file
  iso8583::framing_settings framing;
  std::shared_ptr<route_board> routes;
  std::shared_ptr<boost::asio::ssl::context> tls; ///< null for plain TCP
  iso_listener_counters counters;
};

/// An acquirer-facing ISO 8583 listener (TCP or TLS): the shared acceptor, running one ISO
/// session per connection; lives on the node's I/O threads.
class iso_listener {
public:
  /// Creates a listener; `start` binds it.
  iso_listener(boost::asio::io_context& io, std::shared_ptr<iso_listener_context> ctx);

  iso_listener(const iso_listener&) = delete;
  iso_listener& operator=(const iso_listener&) = delete;

  /// Binds and starts accepting; returns an error text (address in use, ...) or empty.
  std::string start();

  /// Returns the bound port (the OS's choice when configured as 0).
  std::uint16_t port() const noexcept;

  /// Stops accepting and closes every session; pending replies are dropped.
  void stop();

  /// Stops accepting and lets every session finish the requests it has read.
  void drain();

  /// Returns true once no session is left.
  bool is_drained() const noexcept { return acceptor_->is_drained(); }

  /// Returns the shared context (settings and counters).
  const iso_listener_context& context() const noexcept { return *ctx_; }

private:
  std::shared_ptr<iso_listener_context> ctx_;
  std::unique_ptr<acceptor> acceptor_;
};

} // namespace switchyard
