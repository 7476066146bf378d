#pragma once

// The cluster actor: this node's view of its peers. It dials the seeds (retrying with
// backoff), joins every node it hears of, monitors their admin actors (heartbeats detect a
// hung peer) and tells its peers of members they may not know, so membership is symmetric
// whichever seed a node joined through.

#include "actors/interfaces.hpp"
#include "config/settings.hpp"

#include <cstdint>
#include <memory>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the cluster actor; `card` is this node as peers see it.
cluster_actor spawn_cluster(caf::local_actor& parent,
                            std::shared_ptr<const config::gateway_settings> settings,
                            member_card card);

} // namespace switchyard
