#pragma once

#include <cstddef>

namespace switchyard::core::testing {

/// Returns how many times this thread has called the global operator new so far.
std::size_t allocations() noexcept;

} // namespace switchyard::core::testing
