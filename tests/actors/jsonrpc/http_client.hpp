#pragma once

// An HTTP/1.1 client for loopback tests of the JSON-RPC front: requests go out as raw bytes
// (so they can be malformed, pipelined or dribbled), answers are read with Beast's parser,
// and every wait is bounded. Runs its own io_context on the calling thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::test {

/// One HTTP response as the client read it.
using http_answer = boost::beast::http::response<boost::beast::http::string_body>;

/// Returns the bytes of an HTTP/1.1 POST of `body` to `target`, Content-Type
/// application/json unless `headers` (whole "Name: value\r\n" lines) say otherwise.
std::string post(std::string_view body, std::string_view target = "/",
                 std::string_view headers = {});

/// A client connection to 127.0.0.1.
class http_client {
public:
  /// Connects to `port` on 127.0.0.1.
  explicit http_client(std::uint16_t port);

  /// Writes `bytes`; false when the connection is gone.
  bool send(std::string_view bytes);

  /// Reads the next response within `within`; nothing on a timeout or a closed connection
  /// (a timeout may lose a partly read response: use short ones only to see that none came).
  std::optional<http_answer> read(std::chrono::milliseconds within = std::chrono::seconds(3));

  /// Shuts down the sending side (the server reads end of stream; answers still come).
  void finish_sending();

  /// Sends a POST of `body` to `target` and reads its answer.
  std::optional<http_answer> call(std::string_view body, std::string_view target = "/");

  /// Waits within `within` for the server to close the connection; false when it did not,
  /// or sent bytes instead.
  bool wait_closed(std::chrono::milliseconds within = std::chrono::seconds(3));

  /// Returns how many bytes were received past the responses read.
  std::size_t unread() const noexcept { return buffer_.size(); }

private:
  // Runs the client's io_context until `done` or `within` passed; cancels what is left.
  void run(const bool& done, std::chrono::milliseconds within);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

} // namespace switchyard::test
