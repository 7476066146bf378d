#pragma once

#include "protocols/iso8583/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace switchyard::iso8583 {

/// One BER-TLV data object as found in EMV data (ISO 8583 field 55).
struct tlv_item {
  std::uint32_t tag = 0;  ///< tag bytes big-endian, e.g. 0x9F02 or 0x82
  byte_view value;        ///< the value bytes (a view into the parsed buffer)
  std::size_t offset = 0; ///< where the tag starts in the parsed buffer
  int depth = 0;          ///< 0 for top-level objects, 1 inside one constructed object, ...

  /// Returns true when the tag marks a constructed object (bit 6 of its first byte).
  bool constructed() const noexcept;
};

/// Parsing choices.
struct tlv_options {
  bool nested = false; ///< descend into constructed objects, listing children after parents
  int max_depth = 8;   ///< constructed objects deeper than this are listed, not descended
};

/// The outcome of parsing: an error and where it happened.
struct tlv_result {
  std::error_code error;  ///< tlv_truncated, tlv_invalid_tag or tlv_invalid_length
  std::size_t offset = 0; ///< offset of the object that failed

  /// Returns true on success.
  bool ok() const noexcept { return !error; }
};

/// Parses the BER-TLV objects of `in` (tags up to 4 bytes, definite lengths up to 4 bytes,
/// 0x00 padding between objects skipped as EMV Book 3 Annex B allows) and appends them to
/// `out`. Never reads past `in` and never throws on malformed input.
tlv_result parse_tlv(byte_view in, std::vector<tlv_item>& out, const tlv_options& opts = {});

/// Returns the value of the first object tagged `tag`, searching constructed objects too.
std::optional<byte_view> find_tlv(byte_view in, std::uint32_t tag);

/// A tag and value to encode.
struct tlv_field {
  std::uint32_t tag = 0;
  byte_view value;
};

/// Appends `tag`, the minimal BER length of `value` and `value` to `out`; fails with
/// tlv_invalid_tag when `tag` is not a well-formed tag or tlv_invalid_length past 16 MiB.
std::error_code append_tlv(std::uint32_t tag, byte_view value, std::string& out);

/// Appends every field of `fields` in order to `out`; stops at the first error.
std::error_code build_tlv(std::span<const tlv_field> fields, std::string& out);

/// Returns the bytes of `tag` (1 to 4).
std::size_t tag_size(std::uint32_t tag) noexcept;

} // namespace switchyard::iso8583
