#pragma once

// A JSON-RPC provider on 127.0.0.1:0 for loopback tests, on an I/O thread of its own: HTTP
// POSTs of single calls answered with the result "0x1"; WebSocket connections on the same
// port answering eth_subscribe with a fresh id, eth_unsubscribe with true (other calls with
// "0x1"), and pushing a newHeads-like notification to every subscription when told to.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace switchyard::test {

/// A scripted provider serving HTTP and WebSocket on one port.
class fake_ws_provider {
public:
  /// Starts listening.
  fake_ws_provider();

  ~fake_ws_provider();

  fake_ws_provider(const fake_ws_provider&) = delete;
  fake_ws_provider& operator=(const fake_ws_provider&) = delete;

  /// Returns the bound port.
  std::uint16_t port() const;

  /// Sends the notification of block `number` to every subscription.
  void push(std::uint64_t number);

  /// Closes every connection and stops listening, as a provider that dies does.
  void kill();

  /// Returns the ids of the subscriptions open now.
  std::vector<std::string> subscriptions() const;

  /// Returns the ids eth_unsubscribe was called with, in order.
  std::vector<std::string> unsubscribed() const;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

} // namespace switchyard::test
