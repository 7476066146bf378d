#pragma once

#include <cstdint>
#include <string>

namespace switchyard {

/// Every error an actor of the gateway reports to a requester or a peer node, and every
/// outcome the data path answers a request with itself; each protocol turns these into its
/// own answers in one place (ISO 8583 field 39, JSON-RPC error objects).
enum class errc : std::uint8_t {
  no_route = 1,         ///< no routing rule matched the request
  unknown_network,      ///< the named network is not configured on this node
  duplicate_network,    ///< a network with this name already runs
  upstream_unavailable, ///< no host of the network can take the request
  upstream_timeout,     ///< the upstream did not answer before the deadline
  invalid_request,      ///< the request is malformed
  unknown_actor,        ///< no actor has the given path in the supervision tree
  not_ready,            ///< the actor has not finished starting
  shutting_down,        ///< the node is stopping and takes no new work
  limit_exceeded,       ///< a bound was reached (owed reversals, queued writes): refused now
  upstream_error,       ///< the upstream's answer cannot be passed on (unreadable, unencodable)
  duplicate_request,    ///< the same request is in flight already
  internal_error,       ///< the gateway cannot handle the request (no STAN left to assign ...)
};

/// The last errc value: tables over every value run up to it.
inline constexpr errc last_errc = errc::internal_error;

/// Returns the enumerator's name, e.g. "no_route".
std::string to_string(errc x);

} // namespace switchyard
