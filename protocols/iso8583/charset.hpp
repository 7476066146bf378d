#pragma once

#include "protocols/iso8583/field_spec.hpp"
#include "protocols/iso8583/swar.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchyard::iso8583 {

/// Character classes of ISO 8583 field types, as bits.
enum char_class : std::uint8_t {
  digit_class = 1,      ///< 0-9
  alpha_class = 2,      ///< A-Z, a-z
  space_class = 4,      ///< the space character
  special_class = 8,    ///< other printable ASCII
  national_class = 16,  ///< bytes 0x80..0xFF
  separator_class = 32, ///< track separators '=' and 'D'
};

namespace detail {

constexpr std::array<std::uint8_t, 256> make_char_classes() {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t c = 0x21; c <= 0x7E; ++c)
    t[c] = special_class;
  for (std::size_t c = '0'; c <= '9'; ++c)
    t[c] = digit_class;
  for (std::size_t c = 'A'; c <= 'Z'; ++c)
    t[c] = alpha_class;
  for (std::size_t c = 'a'; c <= 'z'; ++c)
    t[c] = alpha_class;
  for (std::size_t c = 0x80; c <= 0xFF; ++c)
    t[c] = national_class;
  t[' '] = space_class;
  t['='] |= separator_class;
  t['D'] |= separator_class;
  return t;
}

} // namespace detail

/// The classes of each byte value.
inline constexpr std::array<std::uint8_t, 256> char_classes = detail::make_char_classes();

/// Returns the classes `type` allows; type b allows every byte.
constexpr std::uint8_t allowed_classes(field_type type) noexcept {
  switch (type) {
    case field_type::n:
    case field_type::xn:
      return digit_class;
    case field_type::a:
      return alpha_class | space_class;
    case field_type::an:
      return alpha_class | digit_class | space_class;
    case field_type::as:
      return alpha_class | space_class | special_class;
    case field_type::ns:
      return digit_class | space_class | special_class;
    case field_type::ans:
      return alpha_class | digit_class | space_class | special_class | national_class;
    case field_type::z:
      return digit_class | separator_class;
    case field_type::b:
      return 0xFF;
  }
  return 0;
}

/// Returns true when `value` holds only characters of `type` (x+n: the digits after the sign).
inline bool is_valid_for(std::string_view value, field_type type) noexcept {
  // n and ans dominate real traffic: they are checked eight bytes at a time.
  const char* p = value.data();
  const std::size_t n = value.size();
  if (type == field_type::b)
    return true;
  if (type == field_type::n || type == field_type::xn)
    return !detail::any_word(p, n, '0', [](std::uint64_t w) { return !detail::all_digits(w); });
  if (type == field_type::ans)
    return !detail::any_word(p, n, 'A', detail::has_control);
  const std::uint8_t mask = allowed_classes(type);
  for (std::size_t i = 0; i < n; ++i) {
    if ((char_classes[static_cast<unsigned char>(p[i])] & mask) == 0)
      return false;
  }
  return true;
}

/// Returns the index of the first character of `value` outside the character set of `type`
/// (x+n: the digits after the sign), or npos when every character is allowed.
inline std::size_t find_invalid_character(std::string_view value, field_type type) noexcept {
  if (is_valid_for(value, type))
    return std::string_view::npos;
  const std::uint8_t mask = allowed_classes(type);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if ((char_classes[static_cast<unsigned char>(value[i])] & mask) == 0)
      return i;
  }
  return std::string_view::npos;
}

} // namespace switchyard::iso8583
