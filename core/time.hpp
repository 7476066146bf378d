#pragma once

#include <chrono>

namespace switchyard::core {

/// The monotonic instant every core class takes as a parameter; core never reads a clock.
using time_point = std::chrono::steady_clock::time_point;

/// A span of monotonic time.
using duration = std::chrono::steady_clock::duration;

} // namespace switchyard::core
