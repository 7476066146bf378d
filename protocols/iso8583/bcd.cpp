#include "protocols/iso8583/bcd.hpp"

#include <array>

namespace switchyard::iso8583 {

namespace {

constexpr std::uint8_t bad_nibble = 0xFF;

// Nibble of each character: digits, and for track data '=' and 'D' as the separator 0xD.
constexpr std::array<std::uint8_t, 256> make_nibbles(bool track) {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t)
    v = bad_nibble;
  for (int c = 0; c < 10; ++c)
    t[static_cast<std::size_t>('0' + c)] = static_cast<std::uint8_t>(c);
  if (track) {
    t['='] = 0x0D;
    t['D'] = 0x0D;
  }
  return t;
}

constexpr std::array<std::uint8_t, 256> digit_nibbles = make_nibbles(false);
constexpr std::array<std::uint8_t, 256> track_nibbles = make_nibbles(true);

// Character of each nibble; '\0' marks nibbles that are not allowed.
constexpr char digit_chars[16] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'};
constexpr char track_chars[16]
  = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, 0, '=', 0, 0};

std::size_t first_bad(std::string_view digits, const std::array<std::uint8_t, 256>& nibbles) {
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (nibbles[static_cast<unsigned char>(digits[i])] == bad_nibble)
      return i;
  }
  return std::string_view::npos;
}

} // namespace

std::size_t encode_bcd(std::string_view digits, std::size_t zeros, bcd_pad pad, std::uint8_t filler,
                       bool track, std::uint8_t* out) noexcept {
  const auto& nibbles = track ? track_nibbles : digit_nibbles;
  const std::size_t count = zeros + digits.size();
  const auto fill = static_cast<unsigned>(filler & 0x0F);
  // The nibble stream: [filler if left-padded and odd] zeros digits [filler if right-padded].
  auto nibble_at = [&](std::size_t i) -> unsigned {
    return i < zeros ? 0U : nibbles[static_cast<unsigned char>(digits[i - zeros])];
  };
  unsigned bad = 0;
  std::size_t i = 0;
  if (count % 2 == 1 && pad == bcd_pad::left) {
    const unsigned v = nibble_at(0);
    bad |= v;
    *out++ = static_cast<std::uint8_t>((fill << 4) | (v & 0x0F));
    i = 1;
  }
  if (zeros == 0 && !track) {
    // Plain digits, the common case: '0'..'9' carry their value in the low nibble.
    for (; i + 1 < count; i += 2) {
      const auto hi = static_cast<unsigned>(static_cast<std::uint8_t>(digits[i] - '0'));
      const auto lo = static_cast<unsigned>(static_cast<std::uint8_t>(digits[i + 1] - '0'));
      bad |= (hi + 6) | (lo + 6); // values above 9 reach bit 4
      *out++ = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
    }
  }
  for (; i + 1 < count; i += 2) {
    const unsigned hi = nibble_at(i);
    const unsigned lo = nibble_at(i + 1);
    bad |= hi | lo;
    *out++ = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
  }
  if (i < count) {
    const unsigned v = nibble_at(i);
    bad |= v;
    *out = static_cast<std::uint8_t>((v << 4) | fill);
  }
  // Valid nibbles stay below 16, so any bad one leaves bits above the low four.
  return (bad & ~0x0FU) == 0 ? std::string_view::npos : first_bad(digits, nibbles);
}

std::size_t decode_bcd(const std::uint8_t* in, std::size_t count, bcd_pad pad, bool track,
                       char* out) noexcept {
  const char* chars = track ? track_chars : digit_chars;
  std::size_t i = 0;
  std::size_t byte = 0;
  if (count % 2 == 1 && pad == bcd_pad::left) {
    out[i++] = chars[in[byte] & 0x0F];
    if (out[0] == '\0')
      return 0;
    ++byte;
  }
  const std::size_t first_pair = byte;
  unsigned bad = 0;
  for (; i + 1 < count; i += 2, ++byte) {
    const unsigned hi = in[byte] >> 4;
    const unsigned lo = in[byte] & 0x0FU;
    bad |= static_cast<unsigned>(chars[hi] == '\0') | static_cast<unsigned>(chars[lo] == '\0');
    out[i] = chars[hi];
    out[i + 1] = chars[lo];
  }
  if (bad != 0) {
    for (std::size_t b = first_pair; b < byte; ++b) {
      if (chars[in[b] >> 4] == '\0' || chars[in[b] & 0x0F] == '\0')
        return b;
    }
  }
  if (i < count) {
    out[i] = chars[in[byte] >> 4];
    if (out[i] == '\0')
      return byte;
  }
  return std::string_view::npos;
}

} // namespace switchyard::iso8583
