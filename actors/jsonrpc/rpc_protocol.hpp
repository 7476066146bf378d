#pragma once

// The JSON-RPC protocol as the node's actors see it: how its networks (providers' links,
// upstream) and its listeners (HTTP client sessions) start.

#include "actors/io/data_path.hpp"

namespace switchyard {

/// Returns the JSON-RPC protocol's factory (one for the process).
const protocol_factory& jsonrpc_protocol();

} // namespace switchyard
