#pragma once

#include "actors/interfaces.hpp"
#include "config/settings.hpp"

#include <memory>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

class network_catalog;

/// Spawns the health monitor: outcome reports become up/down verdicts per network
/// (thresholds from each network's health check), and verdict changes go to the router.
/// The networks come from `catalog`, read again when told the catalog changed: a network
/// added starts with its thresholds, one removed is forgotten, one updated keeps its counts
/// under its new thresholds.
health_monitor_actor spawn_health_monitor(caf::local_actor& parent,
                                          std::shared_ptr<const network_catalog> catalog);

/// As above, for the networks of `settings` alone.
health_monitor_actor spawn_health_monitor(caf::local_actor& parent,
                                          std::shared_ptr<const config::gateway_settings> settings);

} // namespace switchyard
