#pragma once

#include "actors/io/data_path.hpp"
#include "config/settings.hpp"

namespace switchyard {

/// Returns the data path of `protocol`.
const protocol_factory& protocol_factory_for(config::protocol_kind protocol);

} // namespace switchyard
