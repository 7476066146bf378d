#include "protocols/iso8583/ebcdic.hpp"

#include <array>

namespace switchyard::iso8583 {

namespace {

// Code page 037 bytes of ASCII 0x20..0x7E, in ASCII order.
constexpr std::array<std::uint8_t, 95> printable_to_ebcdic = {
  0x40, 0x5A, 0x7F, 0x7B, 0x5B, 0x6C, 0x50, 0x7D, 0x4D, 0x5D, 0x5C, 0x4E, 0x6B, 0x60, 0x4B,
  0x61,                                                       // space ! " # $ % & ' ( ) * + , - . /
  0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, // 0-9
  0x7A, 0x5E, 0x4C, 0x7E, 0x6E, 0x6F, 0x7C,                   // : ; < = > ? @
  0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9,       // A-I
  0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9,       // J-R
  0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9,             // S-Z
  0xBA, 0xE0, 0xBB, 0xB0, 0x6D, 0x79,                         // [ \ ] ^ _ `
  0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,       // a-i
  0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,       // j-r
  0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9,             // s-z
  0xC0, 0x4F, 0xD0, 0xA1,                                     // { | } ~
};

constexpr std::array<char, 256> make_ebcdic_to_ascii() {
  std::array<char, 256> table{};
  for (std::size_t i = 0; i < printable_to_ebcdic.size(); ++i)
    table[printable_to_ebcdic[i]] = static_cast<char>(0x20 + i);
  return table;
}

constexpr std::array<char, 256> ebcdic_to_ascii = make_ebcdic_to_ascii();

} // namespace

std::uint8_t to_ebcdic(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u > 0x7E)
    return 0;
  return printable_to_ebcdic[u - 0x20];
}

char from_ebcdic(std::uint8_t b) noexcept {
  return ebcdic_to_ascii[b];
}

std::size_t encode_ebcdic(std::string_view in, std::uint8_t* out) noexcept {
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = to_ebcdic(in[i]);
    if (out[i] == 0)
      return i;
  }
  return std::string_view::npos;
}

std::size_t decode_ebcdic(const std::uint8_t* in, std::size_t count, char* out) noexcept {
  for (std::size_t i = 0; i < count; ++i) {
    out[i] = ebcdic_to_ascii[in[i]];
    if (out[i] == '\0')
      return i;
  }
  return std::string_view::npos;
}

} // namespace switchyard::iso8583
