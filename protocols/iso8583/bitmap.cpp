#include "protocols/iso8583/bitmap.hpp"

#include "protocols/iso8583/hex.hpp"

namespace switchyard::iso8583 {

void write_bitmap_block(std::uint64_t w, bitmap_encoding e, std::uint8_t* out) noexcept {
  std::uint8_t bytes[8];
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<std::uint8_t>(w >> (56 - 8 * i));
  if (e == bitmap_encoding::binary) {
    for (int i = 0; i < 8; ++i)
      out[i] = bytes[i];
    return;
  }
  encode_hex(byte_view{bytes, 8}, reinterpret_cast<char*>(out));
}

bool read_bitmap_block(const std::uint8_t* in, bitmap_encoding e, std::uint64_t& w) noexcept {
  std::uint8_t bytes[8];
  if (e == bitmap_encoding::binary) {
    for (int i = 0; i < 8; ++i)
      bytes[i] = in[i];
  } else if (!decode_hex({reinterpret_cast<const char*>(in), 16}, bytes)) {
    return false;
  }
  w = 0;
  for (int i = 0; i < 8; ++i)
    w = (w << 8) | bytes[i];
  return true;
}

} // namespace switchyard::iso8583
