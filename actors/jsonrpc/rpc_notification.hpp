#pragma once

// Subscription notifications as they cross the gateway (the eth_subscribe convention): a
// provider's notification names the provider's subscription id, the client sees its own;
// and the error notification that ends a subscription whose provider is lost, so that a
// client is never left waiting on silence. Pure functions over JSON text.

#include "protocols/jsonrpc/error_object.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard {

/// Returns whether `method` opens or closes a subscription (eth_subscribe, eth_unsubscribe).
bool is_subscription_method(std::string_view method) noexcept;

/// A provider's notification on a subscription. The views point into the message.
struct provider_notification {
  std::string method;       ///< e.g. eth_subscription
  std::string subscription; ///< the provider's subscription id (escapes resolved)
  std::string_view result;  ///< JSON text
};

/// Reads `text` as a notification `{"method":M,"params":{"subscription":ID,"result":R}}`;
/// nothing when it is not one (an answer to a call, invalid JSON, a subscription id that is
/// not a string).
std::optional<provider_notification> read_notification(std::string_view text,
                                                       std::size_t max_depth);

/// Appends the notification `n` as the client sees it: under the client's id `client_id`.
void append_client_notification(std::string& out, const provider_notification& n,
                                std::string_view client_id);

/// Appends the last notification of the client's subscription `client_id`: `error` in place
/// of a result.
void append_ended_notification(std::string& out, std::string_view client_id,
                               const jsonrpc::error_object& error);

/// Returns the error object of a subscription of `network` ended by its provider's loss,
/// `reason` saying how it was lost.
jsonrpc::error_object subscription_ended(std::string_view network, std::string_view reason);

/// Returns the error object answering a subscription call that came without a WebSocket.
jsonrpc::error_object subscription_needs_websocket(std::string_view method);

} // namespace switchyard
