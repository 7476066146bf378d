#pragma once

// What the JSON-RPC path answers for each outcome the gateway meets itself: the one place
// where switchyard::errc becomes a JSON-RPC 2.0 error object (§5.1; gateway errors in the
// server range -32000..-32099, each naming the network in `data`).

#include "actors/io/errc.hpp"
#include "protocols/jsonrpc/error_object.hpp"

#include <string>
#include <string_view>

namespace switchyard {

/// Returns the error object for `outcome` of a call to `method`, routed to `network` (empty
/// when no network was chosen); `reason` (empty: none) says more, e.g. "HTTP 429 from
/// 10.0.0.5:8545".
jsonrpc::error_object rpc_error_for(errc outcome, std::string_view network, std::string_view method,
                                    std::string_view reason = {});

/// Returns the body of an answer that concerns a request as a whole (id null): `error`.
std::string rpc_error_body(const jsonrpc::error_object& error);

} // namespace switchyard
