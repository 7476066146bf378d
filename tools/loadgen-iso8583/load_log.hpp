#pragma once

#include <string_view>

namespace switchyard::loadgen {

/// Writes `text` and a newline to standard error in one piece, even from several threads.
void log_line(std::string_view text);

} // namespace switchyard::loadgen
