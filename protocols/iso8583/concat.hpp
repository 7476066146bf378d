#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace switchyard::iso8583 {

/// Joins `parts` into one string (also sidesteps GCC 12's false -Wrestrict on
/// "literal" + std::string at -O3).
inline std::string concat(std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view p : parts)
    size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : parts)
    out.append(p);
  return out;
}

} // namespace switchyard::iso8583
