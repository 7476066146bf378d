#pragma once

#include "protocols/iso8583/dialect.hpp"

#include <array>
#include <string_view>

namespace switchyard::iso8583 {

/// ISO 8583:1987 all in ASCII with a hex-ASCII bitmap, wire-compatible with jPOS
/// ISO87APackager (field 55 carries EMV data as hex characters); name "iso87-ascii".
const dialect& iso87_ascii();

/// ISO 8583:1987 with BCD numerics and length prefixes, a BCD MTI and a binary bitmap,
/// wire-compatible with jPOS ISO87BPackager; name "iso87-binary".
const dialect& iso87_binary();

/// iso87-ascii fields with a binary bitmap; name "iso87-ascii-binary-bitmap".
const dialect& iso87_ascii_binary_bitmap();

/// Returns the built-in dialect called `name`, or nullptr.
const dialect* find_builtin_dialect(std::string_view name);

/// The names of the built-in dialects.
inline constexpr std::array<std::string_view, 3> builtin_dialect_names
  = {"iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap"};

} // namespace switchyard::iso8583
