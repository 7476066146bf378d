#include "protocols/iso8583/field_codec.hpp"

#include "protocols/iso8583/bcd.hpp"
#include "protocols/iso8583/charset.hpp"
#include "protocols/iso8583/ebcdic.hpp"
#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/hex.hpp"
#include "protocols/iso8583/length_prefix.hpp"

#include <cstring>

namespace switchyard::iso8583 {

namespace {

constexpr iso8583_errc ok{};

bool is_bcd(data_encoding e) noexcept {
  return e == data_encoding::bcd_left || e == data_encoding::bcd_right;
}

// Bytes that `units` digits, characters or bytes take on the wire (sign excluded).
std::size_t encoded_size(data_encoding e, std::size_t units) noexcept {
  if (is_bcd(e))
    return bcd_size(units);
  return e == data_encoding::hex ? 2 * units : units;
}

char pad_char(padding p) noexcept {
  return p == padding::left_zero || p == padding::right_zero ? '0' : ' ';
}

bool pads_left(padding p) noexcept {
  return p == padding::left_zero || p == padding::left_space;
}

std::uint8_t sign_byte(char sign, data_encoding e) noexcept {
  return e == data_encoding::ebcdic ? to_ebcdic(sign) : static_cast<std::uint8_t>(sign);
}

char sign_char(std::uint8_t b, data_encoding e) noexcept {
  return e == data_encoding::ebcdic ? from_ebcdic(b) : static_cast<char>(b);
}

// Writes the (padded) body of a character-encoded value.
void write_chars(const field_spec& spec, std::string_view body, std::size_t pad,
                 std::uint8_t* out) noexcept {
  const char fill = pad_char(spec.pad);
  const std::size_t lead = pads_left(spec.pad) ? pad : 0;
  for (std::size_t i = 0; i < lead; ++i)
    *out++ = static_cast<std::uint8_t>(fill);
  copy_bytes(out, body.data(), body.size());
  out += body.size();
  for (std::size_t i = lead; i < pad; ++i)
    *out++ = static_cast<std::uint8_t>(fill);
}

iso8583_errc write_body(const field_spec& spec, std::string_view body, std::size_t pad,
                        std::uint8_t* out) {
  const bool track = spec.type == field_type::z;
  switch (spec.encoding) {
    case data_encoding::ascii:
      if (pad == 0)
        copy_bytes(out, body.data(), body.size());
      else
        write_chars(spec, body, pad, out);
      return ok;
    case data_encoding::ebcdic:
      write_chars(spec, body, pad, out);
      for (std::size_t i = 0; i < body.size() + pad; ++i) {
        out[i] = to_ebcdic(static_cast<char>(out[i]));
        if (out[i] == 0)
          return iso8583_errc::invalid_character;
      }
      return ok;
    case data_encoding::bcd_left:
    case data_encoding::bcd_right: {
      const bcd_pad side
        = spec.encoding == data_encoding::bcd_left ? bcd_pad::left : bcd_pad::right;
      if (pad != 0 && !pads_left(spec.pad)) {
        std::string padded(body);
        padded.append(pad, '0');
        encode_bcd(padded, 0, side, spec.bcd_filler, track, out);
      } else {
        encode_bcd(body, pad, side, spec.bcd_filler, track, out);
      }
      return ok;
    }
    case data_encoding::binary:
      copy_bytes(out, body.data(), body.size());
      return ok;
    case data_encoding::hex:
      encode_hex(as_byte_view(body), reinterpret_cast<char*>(out));
      return ok;
  }
  return iso8583_errc::invalid_value;
}

struct extent {
  std::size_t units = 0;     // digits, characters or bytes, sign excluded
  std::size_t data_size = 0; // bytes on the wire after the prefix, sign included
};

// Works out the extent of a variable field from its prefix counting wire bytes.
iso8583_errc extent_from_wire(const field_spec& spec, std::size_t count, std::size_t sign,
                              extent& x) noexcept {
  x.data_size = count;
  const std::size_t body = count - sign;
  if (is_bcd(spec.encoding))
    x.units = 2 * body;
  else if (spec.encoding == data_encoding::hex && body % 2 != 0)
    return iso8583_errc::invalid_length_prefix;
  else
    x.units = spec.encoding == data_encoding::hex ? body / 2 : body;
  return ok;
}

// Reads the length prefix (if any) and advances `pos` past it.
iso8583_errc read_extent(const field_spec& spec, byte_view in, std::size_t& pos,
                         extent& x) noexcept {
  const std::size_t sign = spec.type == field_type::xn ? 1 : 0;
  if (spec.length == length_kind::fixed) {
    x.units = spec.max_length;
    x.data_size = sign + encoded_size(spec.encoding, x.units);
    return ok;
  }
  const std::size_t size = prefix_size(spec);
  if (in.size() - pos < size)
    return iso8583_errc::truncated_length_prefix;
  const auto count = read_length_prefix(spec, in.data() + pos);
  if (!count || *count < sign)
    return iso8583_errc::invalid_length_prefix;
  if (spec.prefix_counts == length_unit::encoded) {
    if (auto ec = extent_from_wire(spec, *count, sign, x); ec != ok)
      return ec;
  } else {
    x.units = *count - sign;
    x.data_size = sign + encoded_size(spec.encoding, x.units);
  }
  if (x.units > spec.max_length)
    return iso8583_errc::length_exceeds_max;
  pos += size;
  return ok;
}

// Decodes `units` of the body at `src` into `out`; returns the offending byte or npos.
std::size_t read_body(const field_spec& spec, const std::uint8_t* src, std::size_t units,
                      char* out) noexcept {
  const std::uint8_t mask = allowed_classes(spec.type);
  switch (spec.encoding) {
    case data_encoding::ascii: // decode_field points at the wire instead; kept for completeness
      std::memcpy(out, src, units);
      return find_invalid_character({out, units}, spec.type);
    case data_encoding::ebcdic:
      for (std::size_t i = 0; i < units; ++i) {
        out[i] = from_ebcdic(src[i]);
        if (out[i] == '\0' || (char_classes[static_cast<unsigned char>(out[i])] & mask) == 0)
          return i;
      }
      return std::string_view::npos;
    case data_encoding::bcd_left:
    case data_encoding::bcd_right:
      return decode_bcd(src, units,
                        spec.encoding == data_encoding::bcd_left ? bcd_pad::left : bcd_pad::right,
                        spec.type == field_type::z, out);
    case data_encoding::binary:
      std::memcpy(out, src, units);
      return std::string_view::npos;
    case data_encoding::hex: {
      const std::string_view text{reinterpret_cast<const char*>(src), 2 * units};
      if (decode_hex(text, reinterpret_cast<std::uint8_t*>(out)))
        return std::string_view::npos;
      std::size_t i = 0;
      while (hex_value(text[i]) >= 0)
        ++i;
      return i;
    }
  }
  return 0;
}

// Works out padding for fixed fields and checks the maximum for variable ones.
iso8583_errc measure(const field_spec& spec, std::size_t units, std::size_t& pad) noexcept {
  pad = 0;
  if (spec.length != length_kind::fixed)
    return units > spec.max_length ? iso8583_errc::length_exceeds_max : ok;
  if (units > spec.max_length)
    return iso8583_errc::invalid_length;
  pad = spec.max_length - units;
  if (pad != 0 && (spec.pad == padding::none || spec.type == field_type::b))
    return iso8583_errc::invalid_length;
  return ok;
}

} // namespace

iso8583_errc encode_field(const field_spec& spec, std::string_view value, byte_writer& w) noexcept {
  const std::size_t sign = spec.type == field_type::xn ? 1 : 0;
  if (sign != 0 && (value.empty() || (value[0] != 'C' && value[0] != 'D')))
    return iso8583_errc::invalid_character;
  const std::string_view body{value.data() + sign, value.size() - sign};
  if (!is_valid_for(body, spec.type))
    return iso8583_errc::invalid_character;
  std::size_t pad = 0;
  if (auto ec = measure(spec, body.size(), pad); ec != ok)
    return ec;
  const std::size_t data_size = sign + encoded_size(spec.encoding, body.size() + pad);
  const std::size_t prefix = prefix_size(spec);
  if (w.room() < prefix + data_size)
    return iso8583_errc::buffer_too_small;
  if (spec.length != length_kind::fixed) {
    const std::size_t count
      = spec.prefix_counts == length_unit::value ? sign + body.size() : data_size;
    if (count > prefix_capacity(spec.length, spec.prefix))
      return iso8583_errc::length_exceeds_max;
    write_length_prefix(spec, static_cast<std::uint32_t>(count), w.pos);
    w.pos += prefix;
  }
  if (sign != 0)
    *w.pos++ = sign_byte(value[0], spec.encoding);
  if (auto ec = write_body(spec, body, pad, w.pos); ec != ok)
    return ec;
  w.pos += data_size - sign;
  return ok;
}

iso8583_errc decode_field(const field_spec& spec, int field, byte_view in, std::size_t& pos,
                          message& m) {
  extent x;
  if (auto ec = read_extent(spec, in, pos, x); ec != ok)
    return ec;
  if (in.size() - pos < x.data_size)
    return iso8583_errc::truncated_field;
  const std::size_t sign = spec.type == field_type::xn ? 1 : 0;
  const std::uint8_t* src = in.data() + pos;
  if (sign != 0 && sign_char(src[0], spec.encoding) != 'C'
      && sign_char(src[0], spec.encoding) != 'D')
    return iso8583_errc::invalid_character;
  std::size_t bad = std::string_view::npos;
  if (spec.encoding == data_encoding::ascii || spec.encoding == data_encoding::binary) {
    // The value is the wire bytes themselves: check them where they are and point at them.
    bad = find_invalid_character({reinterpret_cast<const char*>(src + sign), x.units}, spec.type);
    if (bad == std::string_view::npos)
      m.use_wire_bytes(field, pos, sign + x.units);
  } else {
    char* out = m.prepare(field, sign + x.units);
    if (sign != 0)
      out[0] = sign_char(src[0], spec.encoding);
    bad = read_body(spec, src + sign, x.units, out + sign);
  }
  if (bad != std::string_view::npos) {
    pos += sign + bad;
    return iso8583_errc::invalid_character;
  }
  pos += x.data_size;
  return ok;
}

} // namespace switchyard::iso8583
