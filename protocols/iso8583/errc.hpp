#pragma once

#include <system_error>

namespace switchyard::iso8583 {

/// Everything the ISO 8583 codec, framing, TLV and response helpers can report.
enum class iso8583_errc {
  truncated_mti = 1,       ///< fewer bytes than the MTI needs
  invalid_mti,             ///< the MTI is not four decimal digits
  missing_mti,             ///< packing a message without an MTI
  truncated_bitmap,        ///< a bitmap (primary, secondary or tertiary) is cut short
  invalid_bitmap,          ///< a hex-ASCII bitmap holds a non-hex character
  truncated_length_prefix, ///< a variable field's length prefix is cut short
  invalid_length_prefix,   ///< a length prefix holds a non-digit
  length_exceeds_max,      ///< a variable field is longer than its maximum
  invalid_length,          ///< a fixed field's value has the wrong length
  truncated_field,         ///< a field's data runs past the end of the buffer
  invalid_character,       ///< a character outside the field type's character set
  field_not_in_dialect,    ///< a field the dialect does not define
  field_out_of_range,      ///< a field number outside 2..192
  trailing_data,           ///< bytes left over after the last field
  buffer_too_small,        ///< the output buffer cannot hold the packed message
  frame_too_large,         ///< a frame longer than the configured maximum
  invalid_frame_length,    ///< a frame length prefix that cannot be decoded
  frame_too_small,         ///< a frame shorter than its fixed header
  tlv_truncated,           ///< a BER-TLV tag, length or value runs past the end
  tlv_invalid_tag,         ///< a BER-TLV tag longer than four bytes
  tlv_invalid_length,      ///< an indefinite or over-long BER-TLV length
  not_a_request,           ///< a response MTI asked of a message that is not a request
  invalid_value,           ///< a value that cannot be represented (e.g. too many digits)
};

/// Returns the error category of `iso8583_errc` (name "iso8583").
const std::error_category& iso8583_category() noexcept;

/// Wraps `e` in a `std::error_code` of the ISO 8583 category.
std::error_code make_error_code(iso8583_errc e) noexcept;

} // namespace switchyard::iso8583

template <>
struct std::is_error_code_enum<switchyard::iso8583::iso8583_errc> : std::true_type {};
