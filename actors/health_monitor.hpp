#pragma once

#include "actors/interfaces.hpp"
#include "config/settings.hpp"

#include <memory>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the health monitor: outcome reports become up/down verdicts per network
/// (thresholds from each network's health check), and verdict changes go to the router.
health_monitor_actor spawn_health_monitor(caf::local_actor& parent,
                                          std::shared_ptr<const config::gateway_settings> settings);

} // namespace switchyard
