#pragma once

// The cluster actor: this node's view of its peers. It dials the seeds (retrying with
// backoff), joins every node it hears of, monitors their admin actors (heartbeats detect a
// hung peer) and tells its peers of members they may not know, so membership is symmetric
// whichever seed a node joined through.

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"

#include <cstdint>
#include <memory>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// Spawns the cluster actor; `card` is this node as peers see it (the networks defined at
/// runtime it puts on the card come from the node's catalog).
cluster_actor spawn_cluster(caf::local_actor& parent, const node_context& node, member_card card);

} // namespace switchyard
