#pragma once

#include "protocols/iso8583/field_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace switchyard::iso8583 {

/// Writes `count` as the length prefix of `spec` (prefix_size(spec) bytes) to `out`; the
/// caller has checked that `count` fits prefix_capacity().
inline void write_length_prefix(const field_spec& spec, std::uint32_t count,
                                std::uint8_t* out) noexcept {
  const std::size_t digits = prefix_digits(spec.length);
  const std::size_t size = prefix_size(spec);
  switch (spec.prefix) {
    case prefix_encoding::ascii:
    case prefix_encoding::ebcdic: {
      const std::uint8_t zero = spec.prefix == prefix_encoding::ascii ? 0x30 : 0xF0;
      for (std::size_t i = digits; i-- > 0; count /= 10)
        out[i] = static_cast<std::uint8_t>(zero + count % 10);
      return;
    }
    case prefix_encoding::bcd:
      for (std::size_t i = size; i-- > 0; count /= 100)
        out[i] = static_cast<std::uint8_t>(((count / 10 % 10) << 4) | (count % 10));
      return;
    case prefix_encoding::binary:
      for (std::size_t i = size; i-- > 0; count >>= 8)
        out[i] = static_cast<std::uint8_t>(count & 0xFF);
      return;
  }
}

/// Reads the length prefix of `spec` from prefix_size(spec) bytes at `in`; nothing when a
/// digit is malformed.
inline std::optional<std::uint32_t> read_length_prefix(const field_spec& spec,
                                                       const std::uint8_t* in) noexcept {
  const std::size_t size = prefix_size(spec);
  std::uint32_t count = 0;
  switch (spec.prefix) {
    case prefix_encoding::ascii:
    case prefix_encoding::ebcdic: {
      const std::uint8_t zero = spec.prefix == prefix_encoding::ascii ? 0x30 : 0xF0;
      for (std::size_t i = 0; i < size; ++i) {
        if (in[i] < zero || in[i] > zero + 9)
          return std::nullopt;
        count = count * 10 + static_cast<std::uint32_t>(in[i] - zero);
      }
      return count;
    }
    case prefix_encoding::bcd:
      for (std::size_t i = 0; i < size; ++i) {
        const unsigned hi = in[i] >> 4;
        const unsigned lo = in[i] & 0x0F;
        if (hi > 9 || lo > 9)
          return std::nullopt;
        count = count * 100 + hi * 10 + lo;
      }
      return count;
    case prefix_encoding::binary:
      for (std::size_t i = 0; i < size; ++i)
        count = (count << 8) | in[i];
      return count;
  }
  return std::nullopt;
}

} // namespace switchyard::iso8583
