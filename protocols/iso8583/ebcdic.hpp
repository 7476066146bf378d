#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchyard::iso8583 {

/// Returns the EBCDIC (code page 037) byte of printable ASCII `c`, or 0 when `c` is not
/// printable ASCII (0x20..0x7E).
std::uint8_t to_ebcdic(char c) noexcept;

/// Returns the printable ASCII character of EBCDIC (code page 037) byte `b`, or '\0' when
/// `b` has no printable ASCII counterpart.
char from_ebcdic(std::uint8_t b) noexcept;

/// Converts `in` to EBCDIC into `out`; returns the index of the first unmappable character,
/// or npos on success.
std::size_t encode_ebcdic(std::string_view in, std::uint8_t* out) noexcept;

/// Converts `count` EBCDIC bytes to ASCII into `out`; returns the index of the first
/// unmappable byte, or npos on success.
std::size_t decode_ebcdic(const std::uint8_t* in, std::size_t count, char* out) noexcept;

} // namespace switchyard::iso8583
