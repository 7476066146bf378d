#pragma once

#include "protocols/iso8583/field_spec.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::iso8583 {

/// How the message type indicator is written.
enum class mti_encoding : std::uint8_t { ascii, bcd, ebcdic };

/// How each 64-bit bitmap is written.
enum class bitmap_encoding : std::uint8_t {
  binary, ///< 8 bytes
  hex,    ///< 16 ASCII hex digits
};

/// The encodings a dialect file uses for fields that do not name their own.
struct dialect_defaults {
  data_encoding fixed_numeric = data_encoding::ascii;    ///< fixed n, z, x+n
  data_encoding variable_numeric = data_encoding::ascii; ///< variable n, z, x+n
  data_encoding text = data_encoding::ascii;             ///< a, an, as, ns, ans
  data_encoding binary = data_encoding::hex;             ///< b
  prefix_encoding prefix = prefix_encoding::ascii;       ///< length prefixes
};

/// A problem found in a dialect: the field and what is wrong.
struct dialect_issue {
  int field = 0;
  std::string_view what;
};

/// An ISO 8583 dialect: MTI and bitmap forms plus one field spec per field number.
struct dialect {
  /// The highest field number any dialect can define (with a tertiary bitmap).
  static constexpr int max_field = 192;

  std::string name;                               ///< e.g. "iso87-ascii"
  mti_encoding mti = mti_encoding::ascii;         ///< MTI form
  bitmap_encoding bitmap = bitmap_encoding::hex;  ///< bitmap form
  bool tertiary_bitmap = false;                   ///< bit 65 announces a third bitmap (129..192)
  dialect_defaults defaults;                      ///< encodings for fields added by dialect files
  std::array<field_spec, max_field + 1> fields{}; ///< indexed by field number; 0 and 1 unused
  std::array<std::string, max_field + 1> names;   ///< short descriptions for describe()

  /// Returns the spec of `field`, or nullptr when the dialect does not define it.
  const field_spec* find(int field) const noexcept {
    if (field < 2 || field > max_field || !fields[static_cast<std::size_t>(field)].defined)
      return nullptr;
    return &fields[static_cast<std::size_t>(field)];
  }

  /// Returns the highest field number this dialect's bitmaps can address (128 or 192).
  int highest_field() const noexcept { return tertiary_bitmap ? 192 : 128; }

  /// Returns true when `field` is a bitmap-indicator bit rather than a data field.
  bool is_bitmap_bit(int field) const noexcept {
    return field == 1 || (tertiary_bitmap && field == 65);
  }
};

/// Defines `field` of `d` with the encodings of `d.defaults`, the default padding of `type`
/// and the default mask rule of the field number; replaces any earlier definition.
void define_field(dialect& d, int field, field_type type, length_kind length,
                  std::uint32_t max_length);

/// Returns every inconsistency of `d`: bad field specs, fields beyond its bitmaps, and data
/// fields placed on bitmap-indicator bits.
std::vector<dialect_issue> check_dialect(const dialect& d);

} // namespace switchyard::iso8583
