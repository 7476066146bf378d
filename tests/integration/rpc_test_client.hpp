#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::testing {

/// One HTTP response as a JSON-RPC client sees it.
struct http_answer {
  unsigned status = 0;
  bool keep_alive = true; ///< false when the server said it closes the connection
  std::string body;
};

/// A blocking JSON-RPC-over-HTTP client for tests: one connection to 127.0.0.1, raw bytes
/// out, whole HTTP responses in, every wait bounded.
class rpc_test_client {
public:
  /// Connects; throws boost::system::system_error when nothing accepts.
  explicit rpc_test_client(std::uint16_t port);

  ~rpc_test_client();

  rpc_test_client(const rpc_test_client&) = delete;
  rpc_test_client& operator=(const rpc_test_client&) = delete;

  /// Sends `bytes` as they are (one or more hand-made requests, or part of one); false when
  /// the connection no longer takes them.
  bool send_raw(const std::string& bytes);

  /// Waits up to `timeout` for the next whole response; nothing on timeout or close.
  std::optional<http_answer> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// Sends a POST of `body` to `target` and waits for its response.
  std::optional<http_answer> post(const std::string& body, const std::string& target = "/",
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// Returns true once the peer closed the connection (checked within `timeout`); bytes
  /// that arrive meanwhile are kept for receive().
  bool is_closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(2));

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Sends one GET of `target` on a new connection and returns its answer; throws
/// std::runtime_error when none comes within 5 s.
http_answer http_get(std::uint16_t port, const std::string& target);

/// Returns the bytes of an HTTP/1.1 POST of `body` to `target` as application/json.
std::string post_request(const std::string& body, const std::string& target = "/");

/// Returns the bytes of a JSON-RPC 2.0 call of `method` with `id` (JSON text, e.g. "7" or
/// "\"a\""; empty: a notification) and no params.
std::string rpc_call(const std::string& method, const std::string& id);

/// Returns a JSON-RPC batch: `calls` (as rpc_call makes them) in a JSON array.
std::string rpc_batch(const std::vector<std::string>& calls);

/// Parses `text` as JSON; throws std::runtime_error with the text when it is not JSON.
boost::json::value parse_json(const std::string& text);

/// Returns true when `answer` is a JSON-RPC error object with a gateway code (-32099..-32000)
/// naming `network` in its data.
bool is_gateway_error(const boost::json::value& answer, const std::string& network);

} // namespace switchyard::testing
