#pragma once

#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/field_spec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::iso8583 {

/// A field's type and length in ISO notation, e.g. "n 6", "n..19", "ans...999", "x+n 8".
struct field_format {
  field_type type = field_type::ans;
  length_kind length = length_kind::fixed;
  std::uint32_t max_length = 0;
};

/// Parses ISO notation: a type, then " N" for fixed length N or one dot per length-prefix
/// digit and the maximum ("z..37" is LL, "b...255" is LLL). Nothing when malformed.
std::optional<field_format> parse_field_format(std::string_view text) noexcept;

/// Renders `f` in ISO notation.
std::string to_string(const field_format& f);

/// Returns the enum value of a dialect-file name, or nothing; to_string() is the inverse.
std::optional<field_type> parse_field_type(std::string_view s) noexcept;
std::optional<length_kind> parse_length_kind(std::string_view s) noexcept;
std::optional<prefix_encoding> parse_prefix_encoding(std::string_view s) noexcept;
std::optional<data_encoding> parse_data_encoding(std::string_view s) noexcept;
std::optional<padding> parse_padding(std::string_view s) noexcept;
std::optional<length_unit> parse_length_unit(std::string_view s) noexcept;
std::optional<mask_rule> parse_mask_rule(std::string_view s) noexcept;
std::optional<mti_encoding> parse_mti_encoding(std::string_view s) noexcept;
std::optional<bitmap_encoding> parse_bitmap_encoding(std::string_view s) noexcept;

/// Returns the dialect-file name of an enum value ("x+n", "lll", "bcd-left", "right-space").
std::string_view to_string(field_type v) noexcept;
std::string_view to_string(length_kind v) noexcept;
std::string_view to_string(prefix_encoding v) noexcept;
std::string_view to_string(data_encoding v) noexcept;
std::string_view to_string(padding v) noexcept;
std::string_view to_string(length_unit v) noexcept;
std::string_view to_string(mask_rule v) noexcept;
std::string_view to_string(mti_encoding v) noexcept;
std::string_view to_string(bitmap_encoding v) noexcept;

} // namespace switchyard::iso8583
