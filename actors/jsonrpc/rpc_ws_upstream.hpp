#pragma once

// One JSON-RPC network's subscriptions: eth_subscribe sent over a WebSocket link to one of
// its providers and pinned there, the provider's notifications relayed to the client's
// session under the client's id, eth_unsubscribe translated back, and every subscription of
// a provider that is lost ended with an error notification. Runs on its own strand. Asio
// only: no actors here.

#include "actors/jsonrpc/rpc_exchange.hpp"
#include "actors/jsonrpc/rpc_subscriptions.hpp"
#include "config/settings.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// The subscription side of a network's port, usable from any thread.
class subscription_port {
public:
  virtual ~subscription_port() = default;

  /// Sends the eth_subscribe call `x` to one provider; on success the call is answered with
  /// `client_id` and notifications go to `sink`, else `sink` hears end(client_id, "").
  virtual void subscribe(rpc_exchange_ptr x, std::string client_id,
                         std::weak_ptr<subscription_sink> sink)
    = 0;

  /// Ends the subscription `client_id`; `x` (null: nobody waits) is the client's
  /// eth_unsubscribe call, answered with the provider's answer (false when there is no such
  /// subscription).
  virtual void unsubscribe(std::string client_id, rpc_exchange_ptr x) = 0;
};

/// A network's subscription upstream.
class rpc_ws_upstream : public subscription_port {
public:
  /// Ends every subscription (an error notification each) and closes every link for good.
  virtual void stop() = 0;
};

/// Says, per provider of the network, whether its calls fail (no HTTP connection up).
using calls_down_source = std::function<std::vector<bool>()>;

/// Creates the subscription upstream of `network` on `io`, its links secured with `tls`
/// (null: plain ws://). Links open when the first subscription asks for one; a new
/// subscription avoids providers that `calls_down` reports failing (empty: none is asked).
std::shared_ptr<rpc_ws_upstream>
make_rpc_ws_upstream(boost::asio::io_context& io, config::network_settings network,
                     std::shared_ptr<boost::asio::ssl::context> tls,
                     calls_down_source calls_down = {});

} // namespace switchyard
