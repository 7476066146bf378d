#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

// Word-at-a-time ("SWAR") checks of the characters of short field values.
namespace switchyard::iso8583::detail {

constexpr std::uint64_t bytes_of(std::uint8_t b) noexcept {
  return 0x0101010101010101ULL * b;
}

/// Reads 8 bytes at `p` as one word (byte order is irrelevant to the checks below).
inline std::uint64_t load_word(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof(w));
  return w;
}

/// True when every byte of `w` is '0'..'9': high nibble 3, and adding 6 keeps it 3.
inline bool all_digits(std::uint64_t w) noexcept {
  const std::uint64_t high = bytes_of(0xF0);
  return ((w & high) | ((w + bytes_of(0x06)) & high)) == bytes_of(0x30);
}

/// True when a byte of `w` is a control character (< 0x20 or 0x7F); exact as to presence.
inline bool has_control(std::uint64_t w) noexcept {
  const std::uint64_t top = bytes_of(0x80);
  const std::uint64_t del = w ^ bytes_of(0x7F);
  return ((((w - bytes_of(0x20)) & ~w) | ((del - bytes_of(0x01)) & ~del)) & top) != 0;
}

/// Returns the n < 8 bytes at `p` in a word whose other bytes are `fill`; bytes may repeat
/// (overlapping loads), which the per-byte checks below do not mind.
inline std::uint64_t load_short(const char* p, std::size_t n, std::uint8_t fill) noexcept {
  if (n >= 4) {
    std::uint32_t lo;
    std::uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | (std::uint64_t{hi} << 32);
  }
  std::uint64_t w = bytes_of(fill);
  for (std::size_t i = 0; i < n; ++i)
    w = (w << 8) | static_cast<unsigned char>(p[i]);
  return w;
}

/// Applies `bad_word` to every byte of p[0..n) in words of eight, the last one overlapping.
template <class BadWord>
bool any_word(const char* p, std::size_t n, std::uint8_t fill, BadWord bad_word) noexcept {
  if (n < 8)
    return bad_word(load_short(p, n, fill));
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    if (bad_word(load_word(p + i)))
      return true;
  }
  return bad_word(load_word(p + n - 8));
}

} // namespace switchyard::iso8583::detail
