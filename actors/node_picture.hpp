#pragma once

// One picture of a node as its admin HTTP endpoint shows it: the same numbers the shell's
// status, networks, health, pools, stats and listeners commands show, rendered as Prometheus
// metrics, as JSON, and as a readiness verdict. Plain functions over the admin messages: the
// observer actor gathers a picture once a second and renders it once, whatever the number of
// scrapes.

#include "actors/messages.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace switchyard {

/// What the admin actor answered, gathered at one moment.
struct node_picture {
  node_status status;
  std::vector<network_health> health;
  std::vector<pool_stats> pools;
  std::vector<connector_stats> stats;
  std::vector<listener_status> listeners;
  std::size_t configured_listeners = 0; ///< how many listeners the configuration has
};

/// A readiness verdict with the line that explains it.
struct readiness {
  bool ready = false;
  std::string reason; ///< e.g. "ready: 2 of 2 listeners up, 3 of 3 networks healthy"
};

/// Returns the picture in the Prometheus text exposition format (0.0.4): counters end in
/// _total, times are seconds, every family has HELP and TYPE lines.
std::string prometheus_text(const node_picture& picture);

/// Returns the picture as one JSON object: node, version, uptime, actors, networks, health,
/// pools, stats and listeners.
std::string status_json(const node_picture& picture);

/// Ready: every configured listener is up, and some network is connected and healthy (or the
/// node has no network at all).
readiness readiness_of(const node_picture& picture);

} // namespace switchyard
