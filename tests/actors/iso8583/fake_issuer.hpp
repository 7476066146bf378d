#pragma once

// An issuer for upstream tests on real loopback sockets, on the test's io_context: it
// records every message it receives (iso87-ascii, 2-byte length frames), answers sign-ons
// and echo tests, answers financial requests only when told to, and can send messages of
// its own (a sign-off) or cut its connections.

#include "protocols/iso8583/message.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace switchyard::test {

/// A scripted issuer listening on 127.0.0.1.
class fake_issuer {
public:
  /// Listens on a port the OS chooses; a `stalled` issuer never reads what it is sent (and
  /// keeps a small receive buffer), like an upstream that hangs.
  explicit fake_issuer(boost::asio::io_context& io, bool stalled = false);

  ~fake_issuer();

  /// Returns the port it listens on.
  std::uint16_t port() const;

  /// Returns every message received so far, oldest first.
  const std::vector<iso8583::message>& received() const;

  /// Returns how many connections are open.
  std::size_t connections() const;

  /// Answers financial requests and advices with field 39 = `code` from now on (empty: not
  /// at all, the default).
  void answer_with(std::string code);

  /// Sends `m` on every open connection.
  void send(const iso8583::message& m);

  /// Closes every open connection.
  void cut();

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

} // namespace switchyard::test
