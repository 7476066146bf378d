#pragma once

// What every connector, whatever its protocol, tells its siblings: the router that it
// serves a network, the connection manager what its pools look like and that they are gone.

#include "actors/interfaces.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace caf {
class actor_system;
class local_actor;
} // namespace caf

namespace switchyard {

/// How often a connector re-reports its pools, so a restarted manager relearns them.
inline constexpr auto pool_report_interval = std::chrono::seconds(1);

/// Registers `connector` as serving `network` with the router, if one runs.
void announce_connector(caf::actor_system& sys, const std::string& network,
                        const connector_actor& connector);

/// Sends `rows` to the connection manager, if one runs.
void report_pools(caf::actor_system& sys, std::vector<pool_stats> rows);

/// Makes `self`'s exit, whatever its reason, withdraw `network`'s pools.
void withdraw_pools_on_exit(caf::local_actor& self, std::string network);

} // namespace switchyard
