#include "protocols/iso8583/bcd.hpp"

#include "protocols/iso8583/swar.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace switchyard::iso8583 {

namespace {

using detail::bytes_of;

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

// The word-at-a-time paths below assume little-endian loads.
constexpr bool swar = std::endian::native == std::endian::little;

constexpr std::uint64_t lanes16 = 0x000F000F000F000FULL;

// Bytes of `n` (each 0..15) that are not allowed: above 9, except 0xD in track data.
std::uint64_t bad_nibbles(std::uint64_t n, bool track) noexcept {
  const std::uint64_t above_nine = (n + bytes_of(0x06)) & bytes_of(0x10);
  if (!track)
    return above_nine;
  const std::uint64_t not_separator = ((n ^ bytes_of(0x0D)) + bytes_of(0x0F)) & bytes_of(0x10);
  return above_nine & not_separator;
}

// True when the `bytes` low bytes of `w` are digits (or '=' in track data): '0'..'9' and '='
// share the high nibble 3, and their low nibbles are exactly the BCD nibbles.
bool plain_chars(std::uint64_t w, std::uint64_t mask, bool track) noexcept {
  return (w & bytes_of(0xF0) & mask) == (bytes_of(0x30) & mask)
         && bad_nibbles(w & bytes_of(0x0F) & mask, track) == 0;
}

// Packs the eight characters at `p` into four bytes at `out`; false on any other character.
bool pack_eight(const char* p, std::uint8_t* out, bool track) noexcept {
  const std::uint64_t w = detail::load_word(p);
  if (!plain_chars(w, ~std::uint64_t{0}, track))
    return false;
  // Character 2k sits in byte 2k; each 16-bit lane becomes one BCD byte.
  std::uint64_t t = ((w & lanes16) << 4) | ((w >> 8) & lanes16);
  t = (t | (t >> 8)) & 0x0000FFFF0000FFFFULL;
  t = (t | (t >> 16)) & 0x00000000FFFFFFFFULL;
  const auto packed = static_cast<std::uint32_t>(t);
  std::memcpy(out, &packed, 4);
  return true;
}

// Packs the four characters at `p` into two bytes at `out`; false on any other character.
bool pack_four(const char* p, std::uint8_t* out, bool track) noexcept {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  if (!plain_chars(w, 0xFFFFFFFFULL, track))
    return false;
  const std::uint32_t t = ((w & 0x000F000FU) << 4) | ((w >> 8) & 0x000F000FU);
  const auto packed = static_cast<std::uint16_t>((t & 0xFFU) | ((t >> 8) & 0xFF00U));
  std::memcpy(out, &packed, 2);
  return true;
}

// Spreads the low four bytes of `x` into 16-bit lanes and writes their eight nibbles as
// characters (0xD becomes '=', as 0x30 | 0xD is '='); false on a nibble not allowed.
bool write_nibbles(std::uint64_t x, char* out, std::size_t chars, bool track) noexcept {
  std::uint64_t u = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  u = (u | (u << 8)) & 0x00FF00FF00FF00FFULL;
  const std::uint64_t nibbles = ((u >> 4) & lanes16) | ((u & lanes16) << 8);
  if (bad_nibbles(nibbles, track) != 0)
    return false;
  const std::uint64_t text = nibbles | bytes_of(0x30);
  std::memcpy(out, &text, chars);
  return true;
}

// Packs characters from position `i` eight and four at a time; returns the position reached.
std::size_t pack_plain(std::string_view digits, std::size_t i, std::uint8_t*& out,
                       bool track) noexcept {
  for (; i + 8 <= digits.size() && pack_eight(digits.data() + i, out, track); i += 8)
    out += 4;
  if (i + 4 <= digits.size() && pack_four(digits.data() + i, out, track)) {
    i += 4;
    out += 2;
  }
  return i;
}

// Unpacks whole bytes eight and four digits at a time, advancing `i` (digits) and `byte`;
// stops early at a bad nibble, which the caller's byte loop then reports.
void unpack_plain(const std::uint8_t* in, std::size_t count, std::size_t& i, std::size_t& byte,
                  char* out, bool track) noexcept {
  for (std::uint32_t x = 0; i + 8 <= count; i += 8, byte += 4) {
    std::memcpy(&x, in + byte, 4);
    if (!write_nibbles(x, out + i, 8, track))
      return;
  }
  if (i + 4 <= count) {
    std::uint16_t x;
    std::memcpy(&x, in + byte, 2);
    if (write_nibbles(x, out + i, 4, track)) {
      i += 4;
      byte += 2;
    }
  }
}

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
  if (swar && zeros == 0)
    i = pack_plain(digits, i, out, track);
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
  // Valid nibbles stay below 16, so a bad one leaves bits above the low four.
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
  if (swar)
    unpack_plain(in, count, i, byte, out, track);
  for (; i + 1 < count; i += 2, ++byte) {
    out[i] = chars[in[byte] >> 4];
    out[i + 1] = chars[in[byte] & 0x0F];
    if (out[i] == '\0' || out[i + 1] == '\0')
      return byte;
  }
  if (i < count) {
    out[i] = chars[in[byte] >> 4];
    if (out[i] == '\0')
      return byte;
  }
  return std::string_view::npos;
}

} // namespace switchyard::iso8583
