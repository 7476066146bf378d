#pragma once

#include "protocols/iso8583/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::iso8583 {

/// Returns the value of hex digit `c` (either case), or -1 when `c` is not a hex digit.
int hex_value(char c) noexcept;

/// Writes two uppercase hex digits per byte of `in` to `out`, which holds 2 * in.size() chars.
void encode_hex(byte_view in, char* out) noexcept;

/// Decodes in.size() / 2 bytes into `out`; false (and `out` unspecified) when `in` has odd
/// length or a non-hex digit.
bool decode_hex(std::string_view in, std::uint8_t* out) noexcept;

/// Returns the uppercase hex rendering of `in`.
std::string to_hex(byte_view in);

/// Returns the bytes spelled by `hex` (either case, no separators), or nothing when malformed.
std::optional<std::string> from_hex(std::string_view hex);

} // namespace switchyard::iso8583
