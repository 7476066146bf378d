#pragma once

// One WebSocket connection to a JSON-RPC provider, for subscriptions: the upgrade on the
// provider's own port and path (ws://, or wss:// over the network's TLS), text messages
// written in order and every message read handed to the network's subscription upstream.
// Asio and Beast only.

#include "actors/io/upstream_connection.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace switchyard {

/// Receives what happens on WebSocket links; called on the links' strand.
class rpc_ws_link_events {
public:
  virtual ~rpc_ws_link_events() = default;

  /// The link to host `host` is upgraded and carries messages.
  virtual void on_ws_up(std::size_t host) = 0;

  /// The link to host `host` is gone (`was_up`: it had carried messages) for `reason`.
  virtual void on_ws_down(std::size_t host, std::string reason, bool was_up) = 0;

  /// The provider `host` sent `text`.
  virtual void on_ws_message(std::size_t host, std::string text) = 0;
};

/// How one WebSocket link reaches its provider.
struct rpc_ws_link_settings {
  connection_target target; ///< target.id is the host index
  std::string host_header;  ///< the upgrade request's Host
  std::string path = "/";   ///< the upgrade request's target
  std::size_t max_message_bytes = std::size_t{64} << 20;
  std::chrono::milliseconds idle_timeout{30000}; ///< silent this long (pings unanswered): lost
};

/// A WebSocket connection to one provider. Its upstream stops it once it drops: the
/// subscriptions it carried end with it, so there is nothing to reconnect for.
class rpc_ws_link final : public upstream_connection {
public:
  rpc_ws_link(const io_strand& strand, rpc_ws_link_settings settings,
              std::shared_ptr<rpc_ws_link_events> events);

  ~rpc_ws_link() override;

  /// Starts connecting.
  void start() { begin(); }

  /// Closes for good; no event afterwards. On the strand.
  void stop() { halt(); }

  /// Queues the text message `text`; false when the link is not up. On the strand.
  bool send(std::string text);

  /// Returns whether the link is upgraded and carries messages.
  bool is_up() const noexcept { return up_; }

private:
  struct socket_state;

  void on_connected() override;
  void on_dropped(const std::string& reason, bool was_connected) override;
  void on_closed() override;

  void do_read();
  void do_write();

  rpc_ws_link_settings settings_;
  std::shared_ptr<rpc_ws_link_events> events_;
  std::shared_ptr<socket_state> socket_; ///< the WebSocket over the current connection
  std::deque<std::string> out_;          ///< messages to write, the front one being written
  bool writing_ = false;
  bool up_ = false;
  bool was_up_ = false; ///< the connection that just closed had been upgraded
};

} // namespace switchyard
