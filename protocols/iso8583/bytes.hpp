#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace switchyard::iso8583 {

/// A read-only view of wire bytes.
using byte_view = std::span<const std::uint8_t>;

/// Views the characters of `s` as bytes.
inline byte_view as_byte_view(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

/// Views std::byte data (as Asio and socket code hand it over) as bytes.
inline byte_view as_byte_view(std::span<const std::byte> b) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()};
}

/// Copies `n` bytes from `src` to `dst` (not overlapping); faster than memcpy for the few
/// bytes of a typical field, using word-sized moves that may overlap inside the destination.
inline void copy_bytes(std::uint8_t* dst, const char* src, std::size_t n) noexcept {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      std::memcpy(dst + i, src + i, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t head;
    std::uint32_t tail;
    std::memcpy(&head, src, 4);
    std::memcpy(&tail, src + n - 4, 4);
    std::memcpy(dst, &head, 4);
    std::memcpy(dst + n - 4, &tail, 4);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      dst[i] = static_cast<std::uint8_t>(src[i]);
  }
}

/// Views `b` as characters (binary values are stored in strings byte for byte).
inline std::string_view as_string_view(byte_view b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

} // namespace switchyard::iso8583
