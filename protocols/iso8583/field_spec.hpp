#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchyard::iso8583 {

/// The ISO 8583 data element type, which decides the allowed characters.
enum class field_type : std::uint8_t {
  n,   ///< numeric digits
  a,   ///< alphabetic (space allowed as padding)
  an,  ///< alphanumeric (space allowed as padding)
  as,  ///< alphabetic and special
  ns,  ///< numeric and special
  ans, ///< alphanumeric and special; bytes 0x80..0xFF allowed for national characters
  b,   ///< binary bytes
  z,   ///< track 2 / track 3 code set: digits and the separator '=' (or 'D')
  xn,  ///< amount: 'C' (credit) or 'D' (debit) followed by digits ("x+n")
};

/// Fixed length, or a variable length with this many length-prefix digits.
enum class length_kind : std::uint8_t { fixed, l, ll, lll, llll, lllll, llllll };

/// How a variable field's length prefix is written.
enum class prefix_encoding : std::uint8_t {
  ascii,  ///< one ASCII digit per prefix digit
  ebcdic, ///< one EBCDIC digit per prefix digit
  bcd,    ///< BCD, (digits + 1) / 2 bytes, right-justified
  binary, ///< big-endian unsigned integer, (digits + 1) / 2 bytes
};

/// How a field's value is written.
enum class data_encoding : std::uint8_t {
  ascii,     ///< one byte per character
  ebcdic,    ///< one EBCDIC (code page 037) byte per character
  bcd_left,  ///< two digits per byte, odd counts padded with a leading filler nibble
  bcd_right, ///< two digits per byte, odd counts padded with a trailing filler nibble
  binary,    ///< raw bytes (type b)
  hex,       ///< two ASCII hex digits per byte (type b)
};

/// How a fixed field's value shorter than the field is filled up when packing.
enum class padding : std::uint8_t { none, left_zero, right_space, left_space, right_zero };

/// What a variable field's length prefix counts.
enum class length_unit : std::uint8_t {
  value,   ///< digits, characters or bytes of the value (jPOS and ISO convention)
  encoded, ///< bytes on the wire after data encoding (e.g. hex characters)
};

/// How a field is shown in logs (see masking.hpp).
enum class mask_rule : std::uint8_t {
  none,   ///< shown as is
  pan,    ///< first 6 and last 4 digits shown
  track,  ///< PAN rule on the account number, everything else hidden
  full,   ///< hidden entirely, only the length shown
  expiry, ///< hidden entirely
  tlv,    ///< BER-TLV: tags and lengths shown, values hidden
};

/// The wire format of one data element; a dialect holds one per field number.
struct field_spec {
  bool defined = false;                            ///< false: the dialect lacks the field
  field_type type = field_type::ans;               ///< character set
  length_kind length = length_kind::fixed;         ///< fixed or the prefix digit count
  std::uint32_t max_length = 0;                    ///< exact length when fixed, else maximum
  prefix_encoding prefix = prefix_encoding::ascii; ///< length prefix form
  data_encoding encoding = data_encoding::ascii;   ///< value form
  padding pad = padding::none;                     ///< fixed-field filling when packing
  length_unit prefix_counts = length_unit::value;  ///< what the prefix counts
  std::uint8_t bcd_filler = 0;                     ///< filler nibble for odd BCD: 0x0 or 0xF
  mask_rule mask = mask_rule::none;                ///< log masking rule
};

/// Returns the number of length-prefix digits of `k` (0 for fixed).
constexpr std::size_t prefix_digits(length_kind k) noexcept {
  return static_cast<std::size_t>(k);
}

/// Returns the largest length a prefix of `k` in encoding `e` can express.
constexpr std::uint32_t prefix_capacity(length_kind k, prefix_encoding e) noexcept {
  constexpr std::uint32_t decimal[] = {0, 9, 99, 999, 9999, 99999, 999999};
  constexpr std::uint32_t binary[] = {0, 0xFF, 0xFF, 0xFFFF, 0xFFFF, 999999, 999999};
  const std::size_t digits = prefix_digits(k);
  return e == prefix_encoding::binary ? binary[digits] : decimal[digits];
}

/// Returns the bytes the length prefix of `spec` occupies (0 for fixed fields).
constexpr std::size_t prefix_size(const field_spec& spec) noexcept {
  const std::size_t digits = prefix_digits(spec.length);
  if (spec.prefix == prefix_encoding::bcd || spec.prefix == prefix_encoding::binary)
    return (digits + 1) / 2;
  return digits;
}

/// Returns true when `type` stores digits (n, z, x+n) and may use BCD.
constexpr bool is_numeric(field_type type) noexcept {
  return type == field_type::n || type == field_type::z || type == field_type::xn;
}

/// Returns the mask rule ISO 8583:1987 data suggests for `field` (PAN, tracks, PIN, EMV, ...).
mask_rule default_mask_rule(int field) noexcept;

/// Returns the default fixed-field padding for `type`: zeros left for numbers, spaces right
/// for text, none for binary and track data.
padding default_padding(field_type type) noexcept;

/// Returns a description of what is inconsistent in `spec`, or an empty view when it is usable.
std::string_view check_field_spec(const field_spec& spec) noexcept;

} // namespace switchyard::iso8583
