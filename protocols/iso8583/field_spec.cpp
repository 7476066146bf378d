#include "protocols/iso8583/field_spec.hpp"

namespace switchyard::iso8583 {

namespace {

bool allows_zero(field_type t) noexcept {
  return t != field_type::a && t != field_type::as && t != field_type::b;
}

bool allows_space(field_type t) noexcept {
  return t == field_type::a || t == field_type::an || t == field_type::as || t == field_type::ns
         || t == field_type::ans;
}

bool is_bcd(data_encoding e) noexcept {
  return e == data_encoding::bcd_left || e == data_encoding::bcd_right;
}

std::string_view check_encoding(const field_spec& spec) noexcept {
  const bool binary_form
    = spec.encoding == data_encoding::binary || spec.encoding == data_encoding::hex;
  if (spec.type == field_type::b && !binary_form)
    return "type b needs encoding binary or hex";
  if (spec.type != field_type::b && binary_form)
    return "encodings binary and hex apply to type b only";
  if (is_bcd(spec.encoding) && !is_numeric(spec.type))
    return "BCD encodings apply to types n, z and x+n only";
  if (spec.bcd_filler != 0x0 && spec.bcd_filler != 0xF)
    return "bcd_filler must be 0 or F";
  return {};
}

std::string_view check_padding(const field_spec& spec) noexcept {
  switch (spec.pad) {
    case padding::none:
      return {};
    case padding::left_zero:
    case padding::right_zero:
      return allows_zero(spec.type) ? std::string_view{}
                                    : "zero padding needs a type that allows digits";
    case padding::left_space:
    case padding::right_space:
      return allows_space(spec.type) ? std::string_view{}
                                     : "space padding needs a type that allows spaces";
  }
  return "unknown padding";
}

} // namespace

mask_rule default_mask_rule(int field) noexcept {
  switch (field) {
    case 2:   // primary account number
    case 34:  // PAN, extended
    case 102: // account identification 1
    case 103: // account identification 2
      return mask_rule::pan;
    case 14: // date, expiration
      return mask_rule::expiry;
    case 35: // track 2
    case 36: // track 3
    case 45: // track 1
      return mask_rule::track;
    case 52: // PIN data
      return mask_rule::full;
    case 55: // ICC (EMV) data
      return mask_rule::tlv;
    default:
      return mask_rule::none;
  }
}

padding default_padding(field_type type) noexcept {
  switch (type) {
    case field_type::n:
    case field_type::xn:
      return padding::left_zero;
    case field_type::b:
    case field_type::z:
      return padding::none;
    default:
      return padding::right_space;
  }
}

std::string_view check_field_spec(const field_spec& spec) noexcept {
  if (spec.max_length == 0)
    return "length must be at least 1";
  if (spec.max_length > 999999)
    return "length must be at most 999999";
  if (spec.length != length_kind::fixed
      && spec.max_length > prefix_capacity(spec.length, spec.prefix))
    return "maximum length does not fit the length prefix";
  if (spec.length != length_kind::fixed && spec.prefix_counts == length_unit::encoded
      && spec.encoding == data_encoding::hex
      && 2ULL * spec.max_length > prefix_capacity(spec.length, spec.prefix))
    return "maximum length in hex characters does not fit the length prefix";
  if (spec.length != length_kind::fixed && spec.prefix_counts == length_unit::encoded
      && is_bcd(spec.encoding) && spec.max_length % 2 != 0)
    return "a prefix counting BCD bytes needs an even maximum length";
  if (auto e = check_encoding(spec); !e.empty())
    return e;
  if (spec.length != length_kind::fixed && spec.pad != padding::none)
    return "padding applies to fixed fields only";
  return check_padding(spec);
}

} // namespace switchyard::iso8583
