#pragma once

// One JSON-RPC client connection over HTTP/1.1 (keep-alive, pipelining): requests read with
// Beast's parser (header and body limits, read timeouts), each body's calls routed and handed
// to their networks' ports in batches, answers written in request order. Asio and Beast
// only; actors are reached through network_port.
// A WebSocket upgrade hands the connection to rpc_ws_session.

#include "actors/io/acceptor.hpp"
#include "actors/io/counted_allocator.hpp"
#include "actors/io/inline_fifo.hpp"
#include "actors/io/route_board.hpp"
#include "actors/jsonrpc/rpc_exchange.hpp"
#include "config/settings.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace switchyard {

/// Counters of one JSON-RPC listener.
struct rpc_listener_counters : connection_counters {
  std::atomic<std::uint64_t> requests{0};      ///< HTTP requests read
  std::atomic<std::uint64_t> responses{0};     ///< HTTP responses written
  std::atomic<std::uint64_t> calls{0};         ///< JSON-RPC calls (batch entries count one each)
  std::atomic<std::uint64_t> invalid{0};       ///< bodies or calls answered with a JSON-RPC error
  std::atomic<std::uint64_t> refused{0};       ///< HTTP errors: 400, 404, 405, 413, 415, 431
  std::atomic<std::uint64_t> upgrades{0};      ///< connections upgraded to WebSocket
  std::atomic<std::uint64_t> notifications{0}; ///< subscription notifications relayed
  /// Room held for answers queued behind an unanswered one (pipelining); none while quiet.
  std::atomic<std::uint64_t> queued_answer_bytes{0};
};

/// What every session of one JSON-RPC listener shares.
struct rpc_listener_context {
  config::listener_settings settings;
  jsonrpc::limits limits;
  std::shared_ptr<route_board> routes;
  std::shared_ptr<boost::asio::ssl::context> tls; ///< null for plain TCP
  rpc_listener_counters counters;
};

/// A session over `Stream` (a plain TCP socket or a TLS stream over one).
template <class Stream>
class rpc_session : public connection_session,
                    public std::enable_shared_from_this<rpc_session<Stream>> {
public:
  /// Takes over an accepted connection.
  rpc_session(Stream stream, std::shared_ptr<rpc_listener_context> ctx);

  ~rpc_session() override;

  /// Starts the TLS handshake (if any) and the read loop.
  void run();

  void close() override;

  void drain() override;

private:
  using request = boost::beast::http::request<boost::beast::http::string_body>;

  // One HTTP request read and not yet answered on the wire, in request order.
  struct answer_slot {
    bool ready = false;
    bool close = false;  ///< the connection closes after this answer
    std::string bytes;   ///< the whole HTTP response, once ready
    std::string headers; ///< extra header lines (CORS, keep-alive for HTTP/1.0)
    unsigned version = 11;
  };

  void do_handshake();
  void do_read();
  void on_readable(boost::beast::error_code ec);
  void read_request();
  void on_read(boost::beast::error_code ec);
  void on_read_failed(boost::beast::error_code ec);
  void handle(request req);
  void upgrade(request req);
  void route(const std::shared_ptr<rpc_batch>& batch, std::optional<std::size_t> by_path);
  answer_slot& slot(std::uint64_t seq);
  void answer(std::uint64_t seq, unsigned status, std::string_view body);
  void answer_http_error(std::uint64_t seq, unsigned status, std::string_view reason_header,
                         std::string_view body);
  void on_batch_answer(std::uint64_t seq, std::string body, bool empty);
  void write_ready();
  void do_write();
  void on_write(boost::beast::error_code ec);
  void arm_timer(std::chrono::milliseconds after, bool idle);
  bool can_read() const;
  void shutdown();
  void close_if_done();

  Stream stream_;
  std::shared_ptr<rpc_listener_context> ctx_;
  boost::asio::steady_timer timer_;
  // Counted as the listener's read buffers; empty (no memory) while the connection is quiet.
  boost::beast::basic_flat_buffer<counted_allocator<char>> buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  /// Requests read and not yet written, oldest first; counted in queued_answer_bytes.
  inline_fifo<answer_slot, counted_allocator<answer_slot>> slots_;
  std::uint64_t first_seq_ = 0; ///< the sequence number of slots_.front()
  std::string out_queue_;       ///< answers ready, in order, not yet being written
  std::string out_writing_;     ///< freed once written when nothing follows
  bool reading_ = false;
  bool writing_ = false;
  bool read_closed_ = false; ///< no more requests will be read (client done, an error, close)
  bool closed_ = false;
  bool draining_ = false;
  bool timed_out_ = false;
  std::vector<std::pair<network_port*, std::vector<exchange_ptr>>> batches_;
  std::vector<rpc_exchange_ptr> notifications_;
  std::shared_ptr<const route_snapshot> snapshot_;
  std::weak_ptr<connection_session> upgraded_; ///< the WebSocket session, once upgraded
};

using plain_rpc_session = rpc_session<boost::asio::ip::tcp::socket>;
using tls_rpc_session = rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace switchyard
