#pragma once

#include "config/config_error.hpp"
#include "config/detail/source_marks.hpp"
#include "config/settings.hpp"

#include <vector>

namespace switchyard::config::detail {

/// Returns problems spanning several tables: duplicate listener or network names, fallbacks
/// naming no network, the network itself or one of another protocol, colliding ports, and BIN
/// ranges of two networks that overlap at the same priority.
std::vector<config_error> validate_cross_references(const gateway_settings& settings,
                                                    const source_marks& marks);

} // namespace switchyard::config::detail
