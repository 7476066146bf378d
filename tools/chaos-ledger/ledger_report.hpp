#pragma once

#include "tools/chaos-ledger/ledger_check.hpp"

#include <string>

namespace switchyard::chaos {

/// Renders `v` as a table of figures, each class of sale with its counts, the verdict and
/// the offending sales with their ledger lines.
std::string render(const ledger_verdict& v);

} // namespace switchyard::chaos
