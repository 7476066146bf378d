#include "protocols/iso8583/hex.hpp"

#include <array>

namespace switchyard::iso8583 {

namespace {

constexpr char upper_digits[] = "0123456789ABCDEF";

constexpr std::array<std::int8_t, 256> make_hex_values() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t)
    v = -1;
  for (int c = 0; c < 10; ++c)
    t[static_cast<std::size_t>('0' + c)] = static_cast<std::int8_t>(c);
  for (int c = 0; c < 6; ++c) {
    t[static_cast<std::size_t>('A' + c)] = static_cast<std::int8_t>(10 + c);
    t[static_cast<std::size_t>('a' + c)] = static_cast<std::int8_t>(10 + c);
  }
  return t;
}

constexpr std::array<std::int8_t, 256> hex_values = make_hex_values();

} // namespace

int hex_value(char c) noexcept {
  return hex_values[static_cast<unsigned char>(c)];
}

void encode_hex(byte_view in, char* out) noexcept {
  for (std::uint8_t b : in) {
    *out++ = upper_digits[b >> 4];
    *out++ = upper_digits[b & 0x0F];
  }
}

bool decode_hex(std::string_view in, std::uint8_t* out) noexcept {
  if (in.size() % 2 != 0)
    return false;
  for (std::size_t i = 0; i < in.size(); i += 2) {
    const int hi = hex_values[static_cast<unsigned char>(in[i])];
    const int lo = hex_values[static_cast<unsigned char>(in[i + 1])];
    if (hi < 0 || lo < 0)
      return false;
    *out++ = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return true;
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
