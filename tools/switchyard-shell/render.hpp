#pragma once

#include "actors/messages.hpp"

#include <ostream>
#include <vector>

namespace switchyard::shell {

/// Prints a node's status: header, the supervision tree as an indented table, networks.
void render(std::ostream& out, const node_status& status);

/// Prints one line per network.
void render(std::ostream& out, const std::vector<network_status>& networks);

/// Prints one line per network's health verdict.
void render(std::ostream& out, const std::vector<network_health>& health);

/// Prints one line per pool.
void render(std::ostream& out, const std::vector<pool_stats>& pools);

/// Prints one line per connector's traffic counters.
void render(std::ostream& out, const std::vector<connector_stats>& stats);

/// Prints one line per listener.
void render(std::ostream& out, const std::vector<listener_status>& listeners);

/// Prints the reversal advices each network owes, masked, with its journal and alarms.
void render(std::ostream& out, const std::vector<saf_report>& reports);

/// Prints one line per cluster member (this node first).
void render(std::ostream& out, const std::vector<member_status>& members);

} // namespace switchyard::shell
