#pragma once

#include "protocols/iso8583/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace switchyard::iso8583 {

/// How messages are delimited on a stream; the names are those of the gateway config.
enum class framing_kind : std::uint8_t {
  len2,           ///< 2-byte big-endian binary length, excluding itself ("len2")
  len2_inclusive, ///< 2-byte big-endian binary length, including itself ("len2-inclusive")
  ascii4,         ///< 4 ASCII decimal digits ("ascii4")
  bcd2,           ///< 2 bytes of BCD, 0..9999 ("bcd2")
};

/// Returns the framing kind called `name`, or nothing.
std::optional<framing_kind> parse_framing_kind(std::string_view name) noexcept;

/// Returns the config spelling of `kind`.
std::string_view to_string(framing_kind kind) noexcept;

/// Returns the bytes of the length prefix of `kind` (2 or 4).
std::size_t length_prefix_size(framing_kind kind) noexcept;

/// How one connection frames its messages.
struct framing_settings {
  framing_kind kind = framing_kind::len2;
  std::size_t header_bytes = 0;       ///< fixed header after the length (5 for a TPDU)
  std::size_t max_frame_bytes = 8192; ///< largest header + message accepted or sent
  bool swap_tpdu = true;              ///< response headers of 5 bytes swap TPDU addresses
};

/// Whether a buffer starts with a complete frame.
enum class frame_status : std::uint8_t { complete, need_more, error };

/// The outcome of looking for one frame at the start of a buffer.
struct frame_result {
  frame_status status = frame_status::need_more;
  std::span<const std::uint8_t> frame;   ///< header and message, without the length prefix
  std::span<const std::uint8_t> header;  ///< the fixed header (first header_bytes of frame)
  std::span<const std::uint8_t> message; ///< the ISO 8583 message after the header
  std::size_t consumed = 0;              ///< bytes to drop from the buffer (prefix + frame)
  std::error_code error;                 ///< why the stream cannot be framed
};

/// Looks for one frame at the start of `buffer`. need_more when the prefix or the frame is
/// incomplete; error (frame_too_large, invalid_frame_length, frame_too_small) when the
/// stream cannot be resynchronised and the connection should be closed.
frame_result try_extract(std::span<const std::uint8_t> buffer, const framing_settings& s) noexcept;

/// Appends the length prefix, `header` and `message` to `out`; fails with frame_too_large
/// when they exceed max_frame_bytes or the prefix, or invalid_frame_length when `header`
/// does not have header_bytes bytes.
std::error_code encode_frame(byte_view header, byte_view message, const framing_settings& s,
                             std::string& out);

/// Swaps the destination (bytes 1-2) and source (bytes 3-4) addresses of a 5-byte TPDU
/// (1 byte id, 2 bytes destination, 2 bytes source); other sizes are left alone.
void swap_tpdu_addresses(std::span<std::uint8_t> header) noexcept;

/// Returns the header to send with the response to a request that came with `request`:
/// the same bytes, with TPDU addresses swapped when swap_tpdu is set.
std::string response_header(byte_view request, const framing_settings& s);

} // namespace switchyard::iso8583
