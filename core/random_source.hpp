#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <random>

namespace switchyard::core {

/// A source of uniform doubles in [0, 1); core classes take one instead of owning an engine.
using unit_random = std::function<double()>;

/// Returns a unit_random drawing from `engine`, which must outlive the result.
template <class Engine>
unit_random make_unit_random(Engine& engine) {
  return [&engine] {
    // Some standard libraries can round a draw up to 1.0; keep the half-open contract.
    auto x = std::uniform_real_distribution<double>{0.0, 1.0}(engine);
    return std::min(x, std::nextafter(1.0, 0.0));
  };
}

/// Maps a draw `u` in [0, 1) to an index in [0, n); `n` must be positive.
inline std::size_t scale_to_index(double u, std::size_t n) {
  auto i = static_cast<std::size_t>(std::clamp(u, 0.0, 1.0) * static_cast<double>(n));
  return std::min(i, n - 1);
}

} // namespace switchyard::core
