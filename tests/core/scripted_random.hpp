#pragma once

#include "core/random_source.hpp"

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace switchyard::core::testing {

/// Returns a unit_random that replays `draws` in order, starting over after the last one.
inline unit_random scripted_random(std::vector<double> draws) {
  auto state = std::make_shared<std::pair<std::vector<double>, std::size_t>>(std::move(draws), 0);
  return [state] {
    auto& [values, next] = *state;
    auto x = values[next];
    next = (next + 1) % values.size();
    return x;
  };
}

/// Returns a unit_random that always yields `x`.
inline unit_random constant_random(double x) {
  return [x] {
    return x;
  };
}

} // namespace switchyard::core::testing
