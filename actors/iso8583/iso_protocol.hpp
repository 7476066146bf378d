#pragma once

// The ISO 8583 protocol as the node's actors see it: how its networks (upstream, links,
// reversal journal) and its listeners (acquirer sessions) start.

#include "actors/io/data_path.hpp"

namespace switchyard {

/// Returns the ISO 8583 protocol's factory (one for the process).
const protocol_factory& iso8583_protocol();

} // namespace switchyard
