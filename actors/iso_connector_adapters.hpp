#pragma once

#include "actors/interfaces.hpp"
#include "actors/iso_link.hpp"

#include <memory>

namespace switchyard {

/// Returns an events sink that turns link callbacks into messages to `connector`.
std::shared_ptr<iso_link_events> make_link_events(iso_connector_actor connector);

} // namespace switchyard
