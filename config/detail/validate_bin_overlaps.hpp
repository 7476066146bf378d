#pragma once

#include "config/config_error.hpp"
#include "config/detail/source_marks.hpp"
#include "config/settings.hpp"

#include <vector>

namespace switchyard::config::detail {

/// Returns one error per rule whose BIN range overlaps a rule of another network at the same
/// priority that some message could match as well: the order of the networks in the file,
/// not the configuration's intent, would then decide where such a card is routed.
std::vector<config_error> validate_bin_overlaps(const gateway_settings& settings,
                                                const source_marks& marks);

} // namespace switchyard::config::detail
