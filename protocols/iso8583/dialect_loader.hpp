#pragma once

#include "protocols/iso8583/dialect.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::iso8583 {

/// One problem in a dialect file: where it is, which field, and what is wrong.
struct dialect_error {
  std::string file;         ///< the file (or source name) being loaded
  std::uint32_t line = 0;   ///< 1-based; 0 when the problem has no single place
  std::uint32_t column = 0; ///< 1-based; 0 when unknown
  int field = 0;            ///< the field number concerned; 0 for dialect-level keys
  std::string message;      ///< what is wrong and what was expected
};

/// Renders `e` as "file:line:column: field N: message".
std::string to_string(const dialect_error& e);

/// A loaded dialect, or every problem found while loading it.
struct dialect_load_result {
  std::optional<dialect> value;      ///< set when there are no errors
  std::vector<dialect_error> errors; ///< all problems, in file order where possible

  /// Returns true when the dialect loaded.
  bool ok() const noexcept { return value.has_value(); }
};

/// Parses a dialect from TOML text; `source_name` names it in errors. The schema:
///
///     name = "acme-host"             # required
///     base = "iso87-binary"          # optional built-in dialect to start from
///     mti_encoding = "bcd"           # ascii | bcd | ebcdic (required without base)
///     bitmap_encoding = "binary"     # binary | hex (required without base)
///     tertiary_bitmap = false        # true: bit 65 announces fields 129..192
///     [defaults]                     # encodings for fields that name none
///     numeric_encoding = "bcd"       # ascii | ebcdic | bcd | bcd-left | bcd-right
///     text_encoding = "ascii"        # ascii | ebcdic
///     binary_encoding = "binary"     # binary | hex
///     prefix_encoding = "bcd"        # ascii | ebcdic | bcd | binary
///     [fields]
///     2 = { format = "n..19" }       # ISO notation: type, " N" fixed or dots + maximum
///     48 = { type = "ans", length_kind = "lll", max_length = 999, name = "private" }
///     55 = { encoding = "hex", prefix_counts = "encoded" }  # adjusts the base's field
///     60 = { remove = true }
///
/// Field keys: format, type, length_kind, length (fixed) or max_length (variable),
/// prefix_encoding, encoding ("bcd": left-padded if fixed, right-padded if variable),
/// padding (none | left-zero | right-space | left-space | right-zero), prefix_counts
/// (value | encoded), bcd_filler ("0" | "F"), mask (none | pan | track | full | expiry |
/// tlv), name, remove. format, type or length_kind redefine the field from the defaults;
/// the other keys adjust what is there.
dialect_load_result parse_dialect(std::string_view toml_text, std::string_view source_name);

/// Reads and parses the dialect file at `path`.
dialect_load_result load_dialect_file(const std::string& path);

/// Returns the built-in dialect called `name_or_path`, or else loads it as a file.
dialect_load_result resolve_dialect(std::string_view name_or_path);

/// A dialect shared by everything that names it, or every problem found while loading it.
struct shared_dialect_result {
  std::shared_ptr<const dialect> value; ///< set when there are no errors
  std::vector<dialect_error> errors;

  /// Returns true when the dialect loaded.
  bool ok() const noexcept { return value != nullptr; }
};

/// Like resolve_dialect, but every caller naming the same built-in dialect gets the very
/// same object, so a message decoded on one side and packed on the other with it travels in
/// its wire form (see pack). A file is loaded anew for each caller.
shared_dialect_result share_dialect(std::string_view name_or_path);

} // namespace switchyard::iso8583
