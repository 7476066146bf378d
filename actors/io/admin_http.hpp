#pragma once

// The node's admin HTTP endpoint: GET /metrics, /status, /healthz and /readyz over HTTP/1.1
// on the node's io_context, and at GET / the status page (compiled in, see admin_page.hpp),
// which reads /status from the browser. The pages are rendered elsewhere and published on a
// board, so a scrape costs one atomic load and one write. Asio and Beast only: no actors here.
//
// Requests carry no content: a request with a body is answered unread (413, or 405 when its
// method is not GET or HEAD) and the connection closes after the answer.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace switchyard {

class acceptor;

/// What the admin HTTP endpoint serves, rendered elsewhere once per refresh (never per request,
/// so scraping cannot slow traffic).
struct admin_pages {
  std::string metrics;     ///< GET /metrics: Prometheus text exposition format 0.0.4
  std::string status_json; ///< GET /status: application/json
  bool ready = false;      ///< GET /readyz: 200 when true, 503 when not
  std::string readiness;   ///< the /readyz body: one line saying why (text/plain)
};

/// The latest pages: stored by one writer, loaded by any session (thread-safe, lock-free reads
/// via std::atomic<std::shared_ptr> or atomic_load/atomic_store on shared_ptr).
class admin_page_board {
public:
  /// Replaces the pages; the next request on any connection sees them.
  void store(std::shared_ptr<const admin_pages> pages);

  /// Returns the latest pages, or null until the first store.
  std::shared_ptr<const admin_pages> load() const;

private:
  std::atomic<std::shared_ptr<const admin_pages>> current_;
};

/// The endpoint's bounds; the defaults are the node's, tests shorten them.
struct admin_http_limits {
  std::uint32_t max_connections = 64;            ///< more are accepted and closed at once
  std::uint32_t max_header_bytes = 8192;         ///< a longer request head is answered 431
  std::chrono::milliseconds read_timeout{10000}; ///< a request from its first byte; a write
  std::chrono::milliseconds idle_timeout{60000}; ///< waiting for a keep-alive's next request
};

/// A small HTTP/1.1 server on the node's io_context: GET /metrics, /status, /healthz, /readyz, and
/// the status page at / and /index.html.
class admin_http_server {
public:
  /// Binds `address`:`port` (0: the OS chooses) on `io` and starts accepting; on failure returns
  /// null and sets `error` to a sentence naming the address, port and the system's reason.
  static std::unique_ptr<admin_http_server> start(boost::asio::io_context& io,
                                                  const std::string& address, std::uint16_t port,
                                                  std::shared_ptr<admin_page_board> pages,
                                                  std::string& error);

  /// Like the above, within `limits`; a null `pages` is a board never stored to.
  static std::unique_ptr<admin_http_server> start(boost::asio::io_context& io,
                                                  const std::string& address, std::uint16_t port,
                                                  std::shared_ptr<admin_page_board> pages,
                                                  std::string& error, admin_http_limits limits);

  ~admin_http_server(); ///< stops

  admin_http_server(const admin_http_server&) = delete;
  admin_http_server& operator=(const admin_http_server&) = delete;

  std::uint16_t port() const noexcept; ///< the bound port

  /// Stops accepting and closes every connection (thread-safe; idempotent; the io_context may
  /// keep running other work).
  void stop();

private:
  explicit admin_http_server(std::unique_ptr<acceptor> listening);

  std::unique_ptr<acceptor> acceptor_;
};

} // namespace switchyard
