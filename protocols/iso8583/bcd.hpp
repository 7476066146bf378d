#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchyard::iso8583 {

/// Where the filler nibble goes when an odd number of digits is packed.
enum class bcd_pad : std::uint8_t {
  left,  ///< filler first: the number is right-justified (fixed numeric fields)
  right, ///< filler last: the digits are left-justified (PAN, track 2)
};

/// Returns the bytes that `digits` BCD digits occupy.
constexpr std::size_t bcd_size(std::size_t digits) noexcept {
  return (digits + 1) / 2;
}

/// Packs `zeros` '0' digits followed by `digits` into bcd_size(zeros + digits.size()) bytes.
/// With `track` set, '=' and 'D' pack as the separator nibble 0xD (ISO 7813 track 2).
/// Returns the index of the first character that is not a digit, or npos on success.
std::size_t encode_bcd(std::string_view digits, std::size_t zeros, bcd_pad pad, std::uint8_t filler,
                       bool track, std::uint8_t* out) noexcept;

/// Unpacks `count` digits from bcd_size(count) bytes at `in` into `out`; 0xD becomes '='
/// when `track` is set. Returns the index of the first bad byte, or npos on success.
std::size_t decode_bcd(const std::uint8_t* in, std::size_t count, bcd_pad pad, bool track,
                       char* out) noexcept;

} // namespace switchyard::iso8583
