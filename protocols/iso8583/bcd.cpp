#include "protocols/iso8583/bcd.hpp"

#include "protocols/iso8583/swar.hpp"

#include <array>
#include <cstring>

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

constexpr std::uint64_t lanes16 = 0x000F000F000F000FULL;

// Packs the eight digits at `p` into four bytes at `out`; false when one is not a digit.
bool pack_eight(const char* p, std::uint8_t* out) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  if (!detail::all_digits(w))
    return false;
  // Little-endian: digit 2k sits in byte 2k. Each 16-bit lane becomes one BCD byte.
  std::uint64_t t = ((w & lanes16) << 4) | ((w >> 8) & lanes16);
  t = (t | (t >> 8)) & 0x0000FFFF0000FFFFULL;
  t = (t | (t >> 16)) & 0x00000000FFFFFFFFULL;
  const auto packed = static_cast<std::uint32_t>(t);
  std::memcpy(out, &packed, 4);
  return true;
}

// Unpacks four BCD bytes at `in` into eight digits at `out`; false on a nibble above 9.
bool unpack_four(const std::uint8_t* in, char* out) noexcept {
  std::uint32_t x;
  std::memcpy(&x, in, 4);
  std::uint64_t u = x;
  u = (u | (u << 16)) & 0x0000FFFF0000FFFFULL;
  u = (u | (u << 8)) & 0x00FF00FF00FF00FFULL;
  const std::uint64_t nibbles = ((u >> 4) & lanes16) | ((u & lanes16) << 8);
  if (((nibbles + detail::bytes_of(0x06)) & detail::bytes_of(0xF0)) != 0)
    return false;
  const std::uint64_t chars = nibbles | detail::bytes_of(0x30);
  std::memcpy(out, &chars, 8);
  return true;
}

// Packs the four digits at `p` into two bytes at `out`; false when one is not a digit.
bool pack_four(const char* p, std::uint8_t* out) noexcept {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  // Each byte of `w` is a digit iff its high nibble is 3 and adding 6 keeps it 3.
  if ((((w & 0xF0F0F0F0U) | ((w + 0x06060606U) & 0xF0F0F0F0U))) != 0x30303030U)
    return false;
  const std::uint32_t t = ((w & 0x000F000FU) << 4) | ((w >> 8) & 0x000F000FU);
  const auto packed = static_cast<std::uint16_t>((t & 0xFFU) | ((t >> 8) & 0xFF00U));
  std::memcpy(out, &packed, 2);
  return true;
}

// Unpacks two BCD bytes at `in` into four digits at `out`; false on a nibble above 9.
bool unpack_two(const std::uint8_t* in, char* out) noexcept {
  std::uint16_t x;
  std::memcpy(&x, in, 2);
  const std::uint32_t u = (x & 0xFFU) | ((std::uint32_t{x} & 0xFF00U) << 8);
  const std::uint32_t nibbles = ((u >> 4) & 0x000F000FU) | ((u & 0x000F000FU) << 8);
  if (((nibbles + 0x06060606U) & 0xF0F0F0F0U) != 0)
    return false;
  const std::uint32_t chars = nibbles | 0x30303030U;
  std::memcpy(out, &chars, 4);
  return true;
}

// Packs plain digits (no leading zeros, no track separators) from position `i` in pairs,
// eight and four at a time where it can; returns the position of the unpaired last digit.
std::size_t pack_plain(std::string_view digits, std::size_t i, std::uint8_t*& out,
                       unsigned& bad) noexcept {
  const std::size_t count = digits.size();
  while (i + 8 <= count && pack_eight(digits.data() + i, out)) {
    i += 8;
    out += 4;
  }
  if (i + 4 <= count && pack_four(digits.data() + i, out)) {
    i += 4;
    out += 2;
  }
  for (; i + 1 < count; i += 2) {
    const auto hi = static_cast<unsigned>(static_cast<std::uint8_t>(digits[i] - '0'));
    const auto lo = static_cast<unsigned>(static_cast<std::uint8_t>(digits[i + 1] - '0'));
    bad |= (hi + 6) | (lo + 6); // values above 9 reach bit 4
    *out++ = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
  }
  return i;
}

// Unpacks whole bytes of plain digits eight and four digits at a time, advancing `i` (digits)
// and `byte`; stops early at a bad nibble, which the caller's byte loop then reports.
void unpack_plain(const std::uint8_t* in, std::size_t count, std::size_t& i, std::size_t& byte,
                  char* out) noexcept {
  while (i + 8 <= count && unpack_four(in + byte, out + i)) {
    i += 8;
    byte += 4;
  }
  if (i + 4 <= count && unpack_two(in + byte, out + i)) {
    i += 4;
    byte += 2;
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
  if (zeros == 0 && !track)
    i = pack_plain(digits, i, out, bad);
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
  if (!track)
    unpack_plain(in, count, i, byte, out);
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
