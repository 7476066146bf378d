#include "protocols/iso8583/packer.hpp"

#include "protocols/iso8583/ebcdic.hpp"
#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/field_codec.hpp"

#include <array>
#include <cstring>

namespace switchyard::iso8583 {

namespace {

codec_result fail(std::error_code ec, int field, std::size_t offset) noexcept {
  return {ec, field, offset, 0};
}

std::error_code write_mti(std::string_view mti, mti_encoding e, byte_writer& w) noexcept {
  const std::size_t size = e == mti_encoding::bcd ? 2 : 4;
  if (w.room() < size)
    return iso8583_errc::buffer_too_small;
  for (std::size_t i = 0; i < 4; ++i) {
    const auto d = static_cast<std::uint8_t>(mti[i] - '0');
    if (e == mti_encoding::bcd)
      w.pos[i / 2] = static_cast<std::uint8_t>(i % 2 == 0 ? d << 4 : (w.pos[i / 2] | d));
    else
      w.pos[i] = e == mti_encoding::ascii ? static_cast<std::uint8_t>(mti[i]) : to_ebcdic(mti[i]);
  }
  w.pos += size;
  return {};
}

// Builds the wire bitmap: presence plus the secondary and tertiary indicator bits.
bitmap wire_bitmap(const message& m, const dialect& d) noexcept {
  bitmap b = m.fields();
  b.reset(1);
  if (d.tertiary_bitmap) {
    b.reset(65);
    if (b.word(2) != 0)
      b.set(65);
  }
  if (b.word(1) != 0 || b.word(2) != 0)
    b.set(1);
  return b;
}

std::error_code write_bitmaps(const bitmap& b, const dialect& d, byte_writer& w) noexcept {
  const std::size_t blocks = !b.test(1) ? 1 : (d.tertiary_bitmap && b.test(65) ? 3 : 2);
  const std::size_t block = bitmap_block_size(d.bitmap);
  if (w.room() < blocks * block)
    return iso8583_errc::buffer_too_small;
  for (std::size_t i = 0; i < blocks; ++i, w.pos += block)
    write_bitmap_block(b.word(i), d.bitmap, w.pos);
  return {};
}

} // namespace

codec_result pack(const message& m, const dialect& d, std::span<std::uint8_t> out) noexcept {
  // Decoded with this very dialect and unchanged since: its wire is its encoding.
  if (auto wire = m.wire_for(&d)) {
    if (wire->size() > out.size())
      return fail(iso8583_errc::buffer_too_small, no_element, 0);
    if (!wire->empty())
      std::memcpy(out.data(), wire->data(), wire->size());
    return {{}, no_element, 0, wire->size()};
  }
  byte_writer w{out.data(), out.data() + out.size()};
  if (!m.has_mti())
    return fail(iso8583_errc::missing_mti, mti_element, 0);
  if (auto ec = write_mti(m.mti(), d.mti, w))
    return fail(ec, mti_element, 0);
  const bitmap wire = wire_bitmap(m, d);
  if (wire.word(2) != 0 && !d.tertiary_bitmap)
    return fail(iso8583_errc::field_not_in_dialect, wire.next(128), 0);
  const auto offset = [&] {
    return static_cast<std::size_t>(w.pos - out.data());
  };
  if (auto ec = write_bitmaps(wire, d, w))
    return fail(ec, bitmap_element, offset());
  for (int f : m.fields()) {
    const field_spec* spec = d.is_bitmap_bit(f) ? nullptr : d.find(f);
    if (spec == nullptr)
      return fail(iso8583_errc::field_not_in_dialect, f, offset());
    const std::size_t at = offset();
    if (auto ec = encode_field(*spec, m.get(f), w); ec != iso8583_errc{})
      return fail(ec, f, at);
  }
  return {{}, no_element, 0, offset()};
}

codec_result pack(const message& m, const dialect& d, std::string& out) {
  // Most messages fit a stack buffer; copying from it is cheaper than zero-filling `out`.
  std::array<std::uint8_t, 4096> scratch;
  codec_result r = pack(m, d, std::span<std::uint8_t>{scratch});
  if (r.ok()) {
    out.assign(reinterpret_cast<const char*>(scratch.data()), r.size);
    return r;
  }
  for (std::size_t room = 4 * scratch.size();
       r.error == iso8583_errc::buffer_too_small && room <= 64 * message::max_value_size;
       room *= 2) {
    out.resize(room);
    r = pack(m, d, {reinterpret_cast<std::uint8_t*>(out.data()), out.size()});
  }
  out.resize(r.ok() ? r.size : 0);
  return r;
}

} // namespace switchyard::iso8583
