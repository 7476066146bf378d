#pragma once

#include "config/settings.hpp"

#include <string>

namespace switchyard::config {

/// Returns the text of `rule` for logs and the shell, e.g. "priority 10: bin 400000-499999
/// and mti 01??"; card data configured in field values (PAN, track, PIN, EMV) is masked.
std::string describe_rule(const rule_settings& rule);

} // namespace switchyard::config
