#include "protocols/iso8583/tlv.hpp"

#include "protocols/iso8583/errc.hpp"

namespace switchyard::iso8583 {

namespace {

std::uint8_t first_tag_byte(std::uint32_t tag) noexcept {
  return static_cast<std::uint8_t>(tag >> (8 * (tag_size(tag) - 1)));
}

std::error_code read_tag(byte_view in, std::size_t& pos, std::uint32_t& tag) noexcept {
  std::uint8_t b = in[pos++];
  tag = b;
  if ((b & 0x1F) != 0x1F)
    return {};
  // Subsequent tag bytes carry bit 8 while more follow (ISO/IEC 8825-1 8.1.2.4).
  for (int i = 1;; ++i) {
    if (i == 4)
      return iso8583_errc::tlv_invalid_tag;
    if (pos >= in.size())
      return iso8583_errc::tlv_truncated;
    b = in[pos++];
    tag = (tag << 8) | b;
    if ((b & 0x80) == 0)
      return {};
  }
}

std::error_code read_length(byte_view in, std::size_t& pos, std::size_t& length) noexcept {
  if (pos >= in.size())
    return iso8583_errc::tlv_truncated;
  const std::uint8_t b = in[pos++];
  if (b < 0x80) {
    length = b;
    return {};
  }
  const std::size_t bytes = b & 0x7F;
  if (bytes == 0 || bytes > 4) // 0x80 is the indefinite form, which EMV does not use
    return iso8583_errc::tlv_invalid_length;
  if (in.size() - pos < bytes)
    return iso8583_errc::tlv_truncated;
  length = 0;
  for (std::size_t i = 0; i < bytes; ++i)
    length = (length << 8) | in[pos++];
  return {};
}

tlv_result parse_level(byte_view in, std::size_t base, int depth, std::vector<tlv_item>& out,
                       const tlv_options& opts) {
  std::size_t pos = 0;
  while (pos < in.size()) {
    if (in[pos] == 0x00) {
      ++pos;
      continue;
    }
    tlv_item item;
    item.offset = base + pos;
    item.depth = depth;
    std::size_t length = 0;
    std::error_code ec = read_tag(in, pos, item.tag);
    if (!ec)
      ec = read_length(in, pos, length);
    if (!ec && in.size() - pos < length)
      ec = iso8583_errc::tlv_truncated;
    if (ec)
      return {ec, item.offset};
    item.value = in.subspan(pos, length);
    out.push_back(item);
    if (opts.nested && item.constructed() && depth < opts.max_depth) {
      if (auto r = parse_level(item.value, base + pos, depth + 1, out, opts); !r.ok())
        return r;
    }
    pos += length;
  }
  return {};
}

} // namespace

bool tlv_item::constructed() const noexcept {
  return (first_tag_byte(tag) & 0x20) != 0;
}

std::size_t tag_size(std::uint32_t tag) noexcept {
  std::size_t n = 1;
  while (n < 4 && (tag >> (8 * n)) != 0)
    ++n;
  return n;
}

tlv_result parse_tlv(byte_view in, std::vector<tlv_item>& out, const tlv_options& opts) {
  return parse_level(in, 0, 0, out, opts);
}

std::optional<byte_view> find_tlv(byte_view in, std::uint32_t tag) {
  std::vector<tlv_item> items;
  const tlv_result r = parse_tlv(in, items, {true, 8});
  for (const tlv_item& item : items) {
    if (item.tag == tag)
      return item.value;
  }
  (void)r; // objects before a malformed one are still searched
  return std::nullopt;
}

std::error_code append_tlv(std::uint32_t tag, byte_view value, std::string& out) {
  const std::size_t n = tag_size(tag);
  const auto first = static_cast<std::uint8_t>(tag >> (8 * (n - 1)));
  bool well_formed = tag != 0 && (n == 1) == ((first & 0x1F) != 0x1F);
  for (std::size_t i = n - 1; well_formed && i-- > 0;) {
    const bool last = i == 0;
    const bool more = ((tag >> (8 * i)) & 0x80) != 0;
    well_formed = more != last;
  }
  if (!well_formed)
    return iso8583_errc::tlv_invalid_tag;
  if (value.size() > 0xFFFFFF)
    return iso8583_errc::tlv_invalid_length;
  for (std::size_t i = n; i-- > 0;)
    out.push_back(static_cast<char>(tag >> (8 * i)));
  const std::size_t len = value.size();
  const std::size_t len_bytes = len < 0x80 ? 0 : len <= 0xFF ? 1 : len <= 0xFFFF ? 2 : 3;
  if (len_bytes != 0)
    out.push_back(static_cast<char>(0x80 | len_bytes));
  for (std::size_t i = len_bytes == 0 ? 1 : len_bytes; i-- > 0;)
    out.push_back(static_cast<char>(len >> (8 * i)));
  out.append(as_string_view(value));
  return {};
}

std::error_code build_tlv(std::span<const tlv_field> fields, std::string& out) {
  for (const tlv_field& f : fields) {
    if (auto ec = append_tlv(f.tag, f.value, out))
      return ec;
  }
  return {};
}

} // namespace switchyard::iso8583
