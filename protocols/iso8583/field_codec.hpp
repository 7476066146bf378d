#pragma once

#include "protocols/iso8583/bytes.hpp"
#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/field_spec.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchyard::iso8583 {

/// A bounded output cursor over a caller's buffer.
struct byte_writer {
  std::uint8_t* pos;       ///< next byte to write
  std::uint8_t* const end; ///< one past the last writable byte

  /// Returns the bytes still writable.
  std::size_t room() const noexcept { return static_cast<std::size_t>(end - pos); }
};

/// Writes `value` as `spec` says (length prefix, padding, encoding) at `w`; returns
/// iso8583_errc{} on success, else invalid_character, invalid_length, length_exceeds_max or
/// buffer_too_small. (A plain enum keeps the per-field hot path free of error categories.)
iso8583_errc encode_field(const field_spec& spec, std::string_view value, byte_writer& w) noexcept;

/// Reads one field as `spec` says from `in` at `pos` into `field` of `m` and advances `pos`;
/// returns iso8583_errc{} on success. `m` must hold `in` (message::hold_wire) because ASCII
/// and binary values are pointed at rather than copied. On failure `pos` is the offset of the
/// offending byte and `m` holds a partial value.
iso8583_errc decode_field(const field_spec& spec, int field, byte_view in, std::size_t& pos,
                          message& m);

} // namespace switchyard::iso8583
