#pragma once

#include <cstddef>
#include <string>
#include <system_error>

namespace switchyard::iso8583 {

/// The element a codec_result blames when it is not a data field.
enum codec_element : int {
  no_element = -1,    ///< nothing failed
  mti_element = 0,    ///< the message type indicator
  bitmap_element = 1, ///< a bitmap (primary, secondary or tertiary)
};

/// The outcome of packing or unpacking one message (no exceptions in either direction).
struct codec_result {
  std::error_code error;  ///< empty on success
  int field = no_element; ///< the failing element: 0 MTI, 1 bitmap, 2..192 a field
  std::size_t offset = 0; ///< byte offset of the failure within the message
  std::size_t size = 0;   ///< on success: bytes consumed (unpack) or written (pack)

  /// Returns true on success.
  bool ok() const noexcept { return !error; }
};

/// Renders `r` for logs, e.g. "field 35 at byte 42: truncated field" or "ok (128 bytes)".
std::string to_string(const codec_result& r);

} // namespace switchyard::iso8583
