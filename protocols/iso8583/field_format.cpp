#include "protocols/iso8583/field_format.hpp"

#include <charconv>
#include <utility>

namespace switchyard::iso8583 {

namespace {

template <class Enum>
using entry = std::pair<std::string_view, Enum>;

template <class Enum, std::size_t N>
std::optional<Enum> find_value(const entry<Enum> (&table)[N], std::string_view s) noexcept {
  for (const auto& [name, value] : table) {
    if (name == s)
      return value;
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view find_name(const entry<Enum> (&table)[N], Enum v) noexcept {
  for (const auto& [name, value] : table) {
    if (value == v)
      return name;
  }
  return "unknown";
}

constexpr entry<field_type> field_types[] = {
  {"n", field_type::n},   {"a", field_type::a},   {"an", field_type::an},
  {"as", field_type::as}, {"ns", field_type::ns}, {"ans", field_type::ans},
  {"b", field_type::b},   {"z", field_type::z},   {"x+n", field_type::xn},
};

constexpr entry<length_kind> length_kinds[] = {
  {"fixed", length_kind::fixed},   {"l", length_kind::l},       {"ll", length_kind::ll},
  {"lll", length_kind::lll},       {"llll", length_kind::llll}, {"lllll", length_kind::lllll},
  {"llllll", length_kind::llllll},
};

constexpr entry<prefix_encoding> prefix_encodings[] = {
  {"ascii", prefix_encoding::ascii},
  {"ebcdic", prefix_encoding::ebcdic},
  {"bcd", prefix_encoding::bcd},
  {"binary", prefix_encoding::binary},
};

constexpr entry<data_encoding> data_encodings[] = {
  {"ascii", data_encoding::ascii},       {"ebcdic", data_encoding::ebcdic},
  {"bcd-left", data_encoding::bcd_left}, {"bcd-right", data_encoding::bcd_right},
  {"binary", data_encoding::binary},     {"hex", data_encoding::hex},
};

constexpr entry<padding> paddings[] = {
  {"none", padding::none},
  {"left-zero", padding::left_zero},
  {"right-space", padding::right_space},
  {"left-space", padding::left_space},
  {"right-zero", padding::right_zero},
};

constexpr entry<length_unit> length_units[] = {
  {"value", length_unit::value},
  {"encoded", length_unit::encoded},
};

constexpr entry<mask_rule> mask_rules[] = {
  {"none", mask_rule::none}, {"pan", mask_rule::pan},       {"track", mask_rule::track},
  {"full", mask_rule::full}, {"expiry", mask_rule::expiry}, {"tlv", mask_rule::tlv},
};

constexpr entry<mti_encoding> mti_encodings[] = {
  {"ascii", mti_encoding::ascii},
  {"bcd", mti_encoding::bcd},
  {"ebcdic", mti_encoding::ebcdic},
};

constexpr entry<bitmap_encoding> bitmap_encodings[] = {
  {"binary", bitmap_encoding::binary},
  {"hex", bitmap_encoding::hex},
};

} // namespace

std::optional<field_format> parse_field_format(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || text[i] == '+'))
    ++i;
  const auto type = parse_field_type(text.substr(0, i));
  if (!type)
    return std::nullopt;
  std::size_t dots = 0;
  while (i < text.size() && text[i] == '.') {
    ++dots;
    ++i;
  }
  if (dots == 0 && i < text.size() && text[i] == ' ')
    ++i;
  std::uint32_t max = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data() + i, end, max);
  if (ec != std::errc{} || ptr != end || dots > 6 || max == 0)
    return std::nullopt;
  return field_format{*type, static_cast<length_kind>(dots), max};
}

std::string to_string(const field_format& f) {
  std::string out(to_string(f.type));
  const std::size_t dots = prefix_digits(f.length);
  if (dots == 0)
    out += ' ';
  out.append(dots, '.');
  out += std::to_string(f.max_length);
  return out;
}

// clang-format off
std::optional<field_type> parse_field_type(std::string_view s) noexcept { return find_value(field_types, s); }
std::optional<length_kind> parse_length_kind(std::string_view s) noexcept { return find_value(length_kinds, s); }
std::optional<prefix_encoding> parse_prefix_encoding(std::string_view s) noexcept { return find_value(prefix_encodings, s); }
std::optional<data_encoding> parse_data_encoding(std::string_view s) noexcept { return find_value(data_encodings, s); }
std::optional<padding> parse_padding(std::string_view s) noexcept { return find_value(paddings, s); }
std::optional<length_unit> parse_length_unit(std::string_view s) noexcept { return find_value(length_units, s); }
std::optional<mask_rule> parse_mask_rule(std::string_view s) noexcept { return find_value(mask_rules, s); }
std::optional<mti_encoding> parse_mti_encoding(std::string_view s) noexcept { return find_value(mti_encodings, s); }
std::optional<bitmap_encoding> parse_bitmap_encoding(std::string_view s) noexcept { return find_value(bitmap_encodings, s); }
std::string_view to_string(field_type v) noexcept { return find_name(field_types, v); }
std::string_view to_string(length_kind v) noexcept { return find_name(length_kinds, v); }
std::string_view to_string(prefix_encoding v) noexcept { return find_name(prefix_encodings, v); }
std::string_view to_string(data_encoding v) noexcept { return find_name(data_encodings, v); }
std::string_view to_string(padding v) noexcept { return find_name(paddings, v); }
std::string_view to_string(length_unit v) noexcept { return find_name(length_units, v); }
std::string_view to_string(mask_rule v) noexcept { return find_name(mask_rules, v); }
std::string_view to_string(mti_encoding v) noexcept { return find_name(mti_encodings, v); }
std::string_view to_string(bitmap_encoding v) noexcept { return find_name(bitmap_encodings, v); }

// clang-format on

} // namespace switchyard::iso8583
