#pragma once

// One JSON-RPC client connection upgraded to WebSocket (RFC 6455) on the listener's port:
// each text message is a call or a batch, routed like an HTTP body and answered with one
// message as soon as its calls are; eth_subscribe goes to the network's subscription
// upstream and the provider's notifications come back under the client's id. Asio and
// Beast only; networks are reached through network_port and subscription_port.

#include "actors/io/acceptor.hpp"
#include "actors/io/inline_fifo.hpp"
#include "actors/jsonrpc/rpc_session.hpp"
#include "actors/jsonrpc/rpc_subscriptions.hpp"
#include "actors/jsonrpc/rpc_ws_upstream.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace switchyard {

/// A WebSocket session over `Stream` (a plain TCP socket or a TLS stream over one).
template <class Stream>
class rpc_ws_session : public connection_session,
                       public subscription_sink,
                       public std::enable_shared_from_this<rpc_ws_session<Stream>> {
public:
  /// The HTTP request asking for the upgrade.
  using request = boost::beast::http::request<boost::beast::http::string_body>;

  /// Takes over the connection of an HTTP session (`owner`, kept alive with it: the
  /// listener knows the connection by that session).
  rpc_ws_session(Stream stream, std::shared_ptr<rpc_listener_context> ctx,
                 std::shared_ptr<void> owner);

  ~rpc_ws_session() override;

  /// Accepts the upgrade `upgrade` (or refuses it: a path naming no network) and starts
  /// reading messages.
  void run(request upgrade);

  void close() override;

  /// Stops reading, and once every call read is answered sends a close frame (going away).
  void drain() override;

  void relay(const std::string& client_id, std::string message) override;

  void end(const std::string& client_id, std::string message) override;

private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle(std::string text);
  void route(const std::shared_ptr<rpc_batch>& batch);
  void open_subscription(const std::shared_ptr<rpc_batch>& batch, std::size_t index,
                         const std::shared_ptr<network_port>& port, std::string_view network);
  void close_subscription(const std::shared_ptr<rpc_batch>& batch, std::size_t index);
  void on_answer(std::string body, bool empty);
  void enqueue(std::string message);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void close_if_done();
  void fail(boost::beast::error_code ec, std::string_view what);
  void shutdown();

  boost::beast::websocket::stream<Stream> ws_;
  std::shared_ptr<rpc_listener_context> ctx_;
  std::shared_ptr<void> owner_;
  request upgrade_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> refusal_;
  std::string path_network_; ///< the network the upgrade's path names; empty: route by method
  boost::beast::flat_buffer in_;
  /// Messages to write, the front one being written; no heap room while none are waiting.
  inline_fifo<std::string> out_;
  std::size_t out_bytes_ = 0;
  std::size_t in_flight_ = 0; ///< messages read and not yet answered
  std::map<std::string, std::shared_ptr<subscription_port>, std::less<>> subscriptions_;
  bool reading_ = false;
  bool writing_ = false;
  bool draining_ = false;
  bool closing_ = false; ///< the close frame is on its way
  bool closed_ = false;
};

using plain_rpc_ws_session = rpc_ws_session<boost::asio::ip::tcp::socket>;
using tls_rpc_ws_session = rpc_ws_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace switchyard
