#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace switchyard::testing {

/// A blocking JSON-RPC-over-WebSocket client for tests: one connection to 127.0.0.1, text
/// messages out and in, every wait bounded.
class ws_test_client {
public:
  /// Connects to `port` and upgrades at `target`; over TLS when `ca` (a CA file the server
  /// certificate, issued to "localhost", must chain to) is not empty. Throws
  /// std::runtime_error when the connection or the upgrade fails within 5 s.
  explicit ws_test_client(std::uint16_t port, const std::string& target = "/",
                          const std::string& ca = "");

  ~ws_test_client();

  ws_test_client(const ws_test_client&) = delete;
  ws_test_client& operator=(const ws_test_client&) = delete;

  /// Sends `text` as one text message; false when the connection no longer takes it.
  bool send(const std::string& text);

  /// Waits up to `timeout` for the next message; nothing on timeout or once closed.
  std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// Returns true once the server closed the connection (waiting up to `timeout` for it);
  /// messages that arrive meanwhile are kept for receive().
  bool is_closed(std::chrono::milliseconds timeout = std::chrono::seconds(0));

  /// Returns the code of the server's close frame (0: none came).
  std::uint16_t close_code() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace switchyard::testing
