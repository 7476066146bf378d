#pragma once

#include "actors/io/data_path.hpp"
#include "actors/io/network_tally.hpp"
#include "actors/messages.hpp"
#include "actors/network_table.hpp"
#include "config/settings.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace switchyard {

/// Describes a configured network with its live connection and health flags.
network_status make_network_status(const config::network_settings& settings, bool connected,
                                   bool healthy);

/// Describes every network of the router's table, in name order.
std::vector<network_status> make_network_statuses(const network_table& table);

/// Returns one pool row per host of `settings`, before any connection opened, with the
/// notAfter of the network's client certificate.
std::vector<pool_stats> make_initial_pools(const config::network_settings& settings);

/// Returns the notAfter (Unix seconds) of the certificate of the listener `name` in
/// `settings`; 0 when it has none.
std::int64_t listener_cert_not_after(const config::gateway_settings& settings,
                                     const std::string& name);

/// Returns the counters `numbers` hold (for a network whose node keeps no counters of it).
network_counts counts_of(const network_numbers& numbers);

/// Returns the shell's traffic row of `network`: connections, in flight, owed, alarms and
/// answer times from its data path's `numbers`, counters from `totals` (the node's counters of
/// the network, which outlive its connector's restarts).
connector_stats make_connector_stats(const std::string& network, network_numbers numbers,
                                     const network_counts& totals);

/// Returns the shell's saf report of `network` from its data path's `numbers`.
saf_report make_saf_report(const std::string& network, network_numbers numbers);

} // namespace switchyard
