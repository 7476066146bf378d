#pragma once

// The observer: what the admin HTTP endpoint serves comes from here. Once a second it asks the
// admin actor for the node's picture, renders it (Prometheus metrics, status JSON, readiness)
// and stores the pages where the endpoint's sessions read them, so a scrape costs the node a
// read of a shared pointer whatever the scrape rate.

#include "caf/fwd.hpp"

#include <cstddef>
#include <memory>

namespace switchyard {

class admin_page_board;

/// Spawns the observer; `configured_listeners` is how many listeners the node must have up to
/// be ready.
caf::actor spawn_observer(caf::local_actor& parent, std::shared_ptr<admin_page_board> board,
                          std::size_t configured_listeners);

} // namespace switchyard
