#include "protocols/iso8583/hex.hpp"

#include <array>
#include <cstring>

namespace switchyard::iso8583 {

namespace {

constexpr char upper_digits[] = "0123456789ABCDEF";

// The two uppercase hex digits of every byte value.
constexpr std::array<std::array<char, 2>, 256> make_hex_pairs() {
  std::array<std::array<char, 2>, 256> t{};
  for (std::size_t b = 0; b < 256; ++b)
    t[b] = {upper_digits[b >> 4], upper_digits[b & 0x0F]};
  return t;
}

constexpr std::array<std::array<char, 2>, 256> hex_pairs = make_hex_pairs();

constexpr std::uint8_t not_hex = 0xFF;

constexpr std::array<std::uint8_t, 256> make_hex_values() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t)
    v = not_hex;
  for (int c = 0; c < 10; ++c)
    t[static_cast<std::size_t>('0' + c)] = static_cast<std::uint8_t>(c);
  for (int c = 0; c < 6; ++c) {
    t[static_cast<std::size_t>('A' + c)] = static_cast<std::uint8_t>(10 + c);
    t[static_cast<std::size_t>('a' + c)] = static_cast<std::uint8_t>(10 + c);
  }
  return t;
}

constexpr std::array<std::uint8_t, 256> hex_values = make_hex_values();

} // namespace

int hex_value(char c) noexcept {
  const std::uint8_t v = hex_values[static_cast<unsigned char>(c)];
  return v == not_hex ? -1 : v;
}

void encode_hex(byte_view in, char* out) noexcept {
  for (std::uint8_t b : in) {
    std::memcpy(out, hex_pairs[b].data(), 2);
    out += 2;
  }
}

bool decode_hex(std::string_view in, std::uint8_t* out) noexcept {
  if (in.size() % 2 != 0)
    return false;
  // Branch-free: a bad digit's 0xFF sets bits no valid digit has.
  unsigned bad = 0;
  for (std::size_t i = 0; i < in.size(); i += 2) {
    const unsigned hi = hex_values[static_cast<unsigned char>(in[i])];
    const unsigned lo = hex_values[static_cast<unsigned char>(in[i + 1])];
    bad |= hi | lo;
    *out++ = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
  }
  return (bad & 0xF0) == 0;
}

std::string to_hex(byte_view in) {
  std::string out(in.size() * 2, '\0');
  encode_hex(in, out.data());
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  if (!decode_hex(hex, reinterpret_cast<std::uint8_t*>(out.data())))
    return std::nullopt;
  return out;
}

} // namespace switchyard::iso8583
