#pragma once

// The shell's route-test: what routing would do with a request an operator describes, read
// from the same route snapshot listeners route with. Plain: no actors, no sockets.

#include "actors/io/route_board.hpp"
#include "actors/network_table.hpp"

#include <memory>
#include <string>
#include <vector>

namespace switchyard {

/// What came of a route test: the account for the operator, or why the words were not a
/// request.
struct route_test_result {
  std::string account;
  std::string error;
};

/// Routes the request `words` describe with `routes`: an ISO 8583 message as "MTI FIELD=VALUE
/// ..." (e.g. "0200 2=4111111111111111 4=000000001000"; any word with '=' makes it ISO 8583),
/// or a JSON-RPC call as its method name ("eth_getBalance", or "method eth_getBalance"). The
/// account names the rule that matched, the network chosen, any fallback taken, the
/// transformations the request would get there (each with what it did) and the answer a client
/// would get otherwise; it never repeats the request's values.
route_test_result route_test(const route_snapshot& routes, const std::vector<std::string>& words);

/// Returns the transformations of the networks of `table`, indexed like them, from their
/// settings in `networks` (null where a network has none).
std::vector<std::shared_ptr<const iso8583::transformer>>
route_transforms(const core::routing_table& table, const network_table& networks);

} // namespace switchyard
