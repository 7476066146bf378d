#include "protocols/iso8583/unpacker.hpp"

#include "protocols/iso8583/ebcdic.hpp"
#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/field_codec.hpp"

namespace switchyard::iso8583 {

namespace {

codec_result fail(std::error_code ec, int field, std::size_t offset) noexcept {
  return {ec, field, offset, 0};
}

std::error_code read_mti(byte_view in, mti_encoding e, std::size_t& pos, message& out) {
  const std::size_t size = e == mti_encoding::bcd ? 2 : 4;
  if (in.size() < size)
    return iso8583_errc::truncated_mti;
  char mti[4];
  for (std::size_t i = 0; i < 4; ++i) {
    if (e == mti_encoding::bcd)
      mti[i] = static_cast<char>('0' + (i % 2 == 0 ? in[i / 2] >> 4 : in[i / 2] & 0x0F));
    else
      mti[i] = e == mti_encoding::ascii ? static_cast<char>(in[i]) : from_ebcdic(in[i]);
  }
  pos = size;
  return out.set_mti({mti, 4});
}

std::error_code read_block(byte_view in, bitmap_encoding e, std::size_t& pos,
                           std::uint64_t& word) noexcept {
  if (in.size() - pos < bitmap_block_size(e))
    return iso8583_errc::truncated_bitmap;
  if (!read_bitmap_block(in.data() + pos, e, word))
    return iso8583_errc::invalid_bitmap;
  pos += bitmap_block_size(e);
  return {};
}

std::error_code read_bitmaps(byte_view in, const dialect& d, std::size_t& pos, bitmap& b) {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    if (auto ec = read_block(in, d.bitmap, pos, word))
      return ec;
    b.set_word(i, word);
    const bool more = i == 0 ? b.test(1) : (i == 1 && d.tertiary_bitmap && b.test(65));
    if (!more)
      break;
  }
  return {};
}

} // namespace

codec_result unpack(byte_view in, const dialect& d, message& out) {
  out.hold_wire(in);
  std::size_t pos = 0;
  if (auto ec = read_mti(in, d.mti, pos, out))
    return fail(ec, mti_element, 0);
  bitmap present;
  if (auto ec = read_bitmaps(in, d, pos, present))
    return fail(ec, bitmap_element, pos);
  for (int f : present) {
    if (d.is_bitmap_bit(f))
      continue;
    const field_spec* spec = d.find(f);
    if (spec == nullptr)
      return fail(iso8583_errc::field_not_in_dialect, f, pos);
    if (auto ec = decode_field(*spec, f, in, pos, out); ec != iso8583_errc{})
      return fail(ec, f, pos);
  }
  if (pos != in.size())
    return fail(iso8583_errc::trailing_data, no_element, pos);
  out.mark_wire(&d);
  return {{}, no_element, 0, pos};
}

} // namespace switchyard::iso8583
