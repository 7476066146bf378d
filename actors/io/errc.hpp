#pragma once

#include <cstdint>
#include <string>

namespace switchyard {

/// Every error an actor of the gateway reports to a requester or a peer node.
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
};

/// Returns the enumerator's name, e.g. "no_route".
std::string to_string(errc x);

} // namespace switchyard
