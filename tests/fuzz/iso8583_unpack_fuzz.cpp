// Unpacks arbitrary bytes with one dialect (FUZZ_DIALECT); whatever unpacks must pass through
// unchanged, pack afresh and unpack to the same message, and describe without a crash.
#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/describe.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

using namespace switchyard::iso8583;

namespace {

// A dialect exercising what the built-ins do not: EBCDIC, a tertiary bitmap, binary and
// EBCDIC prefixes, hex data counted in characters, F-filled BCD and x+n in EBCDIC.
dialect make_ebcdic_dialect() {
  dialect d;
  d.name = "ebcdic";
  d.mti = mti_encoding::ebcdic;
  d.bitmap = bitmap_encoding::hex;
  d.tertiary_bitmap = true;
  d.defaults = {data_encoding::bcd_left, data_encoding::bcd_right, data_encoding::ebcdic,
                data_encoding::binary, prefix_encoding::ebcdic};
  define_field(d, 2, field_type::n, length_kind::ll, 19);
  define_field(d, 3, field_type::n, length_kind::fixed, 5);
  define_field(d, 28, field_type::xn, length_kind::fixed, 8);
  d.fields[28].encoding = data_encoding::ebcdic;
  define_field(d, 35, field_type::z, length_kind::ll, 37);
  d.fields[35].bcd_filler = 0xF;
  define_field(d, 41, field_type::an, length_kind::fixed, 8);
  define_field(d, 48, field_type::ans, length_kind::lllll, 2000);
  d.fields[48].prefix = prefix_encoding::binary;
  define_field(d, 55, field_type::b, length_kind::lll, 255);
  d.fields[55].encoding = data_encoding::hex;
  d.fields[55].prefix_counts = length_unit::encoded;
  define_field(d, 70, field_type::n, length_kind::fixed, 3);
  d.fields[70].prefix_counts = length_unit::encoded;
  define_field(d, 130, field_type::ns, length_kind::l, 9);
  define_field(d, 192, field_type::b, length_kind::fixed, 8);
  return d;
}

const dialect& fuzz_dialect() {
  static const dialect custom = make_ebcdic_dialect();
  const std::string_view name = FUZZ_DIALECT;
  const dialect* builtin = find_builtin_dialect(name);
  return builtin != nullptr ? *builtin : custom;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const dialect& d = fuzz_dialect();
  message m;
  const codec_result r = unpack({data, size}, d, m);
  if (!r.ok()) {
    if (r.offset > size)
      std::abort();
    return 0;
  }
  // Packed with the same dialect object and unchanged, the message is its input again.
  std::string passed;
  if (!pack(m, d, passed).ok() || as_byte_view(passed).size() != size
      || (size > 0 && std::memcmp(passed.data(), data, size) != 0))
    std::abort();
  // An equal copy of the dialect makes the packer encode every field afresh.
  static const dialect fresh_encoder = d;
  std::string wire;
  if (!pack(m, fresh_encoder, wire).ok())
    std::abort();
  message again;
  if (!unpack(as_byte_view(wire), d, again).ok() || !(again == m))
    std::abort();
  const std::string text = describe(m, d, describe_style::multi_line);
  if (text.empty())
    std::abort();
  return 0;
}
