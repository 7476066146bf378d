#pragma once

#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/message.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace switchyard::testing {

/// TLS material a test client presents or trusts; empty fields are not used.
struct client_tls {
  std::string ca;
  std::string cert;
  std::string key;
};

/// A blocking acquirer for tests: one connection to 127.0.0.1, iso87-ascii messages framed
/// with a 2-byte length, every wait bounded.
class iso_test_client {
public:
  /// Connects (and handshakes when `tls` is set); throws std::runtime_error on failure.
  explicit iso_test_client(std::uint16_t port, std::optional<client_tls> tls = std::nullopt);

  ~iso_test_client();

  /// Packs and sends `m`.
  void send(const iso8583::message& m);

  /// Sends `bytes` as they are (a hand-made frame).
  void send_raw(const std::string& bytes);

  /// Waits up to `timeout` for the next response; nothing on timeout or a closed connection.
  std::optional<iso8583::message> receive(std::chrono::milliseconds timeout
                                          = std::chrono::seconds(5));

  /// Returns true once the peer closed the connection (checked within `timeout`).
  bool is_closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(2));

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Returns a 0200 (or `mti`) for `pan` with the fields a gateway needs (3, 4, 7, 11, 12, 13,
/// 41, 42, 49); `stan` and `amount` in minor units vary per test.
iso8583::message make_request(const std::string& pan, std::uint64_t amount = 1000,
                              const std::string& stan = "000001", const std::string& mti = "0200",
                              const std::string& terminal = "TERM0001");

/// Returns field 39 of `m`, or "(no answer)" when nothing came back.
inline std::string code_of(const std::optional<iso8583::message>& m) {
  return m ? std::string{m->get(39)} : std::string{"(no answer)"};
}

} // namespace switchyard::testing
