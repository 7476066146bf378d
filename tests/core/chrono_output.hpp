#pragma once

#include "core/time.hpp"

#include <doctest/doctest.h>

#include <string>

namespace doctest {

/// Prints durations in failed checks as a count of nanoseconds.
template <>
struct StringMaker<switchyard::core::duration> {
  static String convert(const switchyard::core::duration& x) {
    return (std::to_string(x.count()) + "ns").c_str();
  }
};

/// Prints time points in failed checks as nanoseconds since the clock's epoch.
template <>
struct StringMaker<switchyard::core::time_point> {
  static String convert(const switchyard::core::time_point& x) {
    return ("t0+" + std::to_string(x.time_since_epoch().count()) + "ns").c_str();
  }
};

} // namespace doctest
