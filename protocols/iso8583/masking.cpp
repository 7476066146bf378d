#include "protocols/iso8583/masking.hpp"

#include "protocols/iso8583/concat.hpp"
#include "protocols/iso8583/hex.hpp"
#include "protocols/iso8583/tlv.hpp"

#include <vector>

namespace switchyard::iso8583 {

namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

std::string hidden(std::size_t bytes) {
  return concat({"<masked ", std::to_string(bytes), " bytes>"});
}

std::string printable(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      out.push_back(c);
    } else {
      const char hex[] = "0123456789ABCDEF";
      out += "\\x";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 0x0F]);
    }
  }
  return out;
}

std::string tag_hex(std::uint32_t tag) {
  std::uint8_t bytes[4];
  const std::size_t n = tag_size(tag);
  for (std::size_t i = 0; i < n; ++i)
    bytes[i] = static_cast<std::uint8_t>(tag >> (8 * (n - 1 - i)));
  return to_hex(byte_view{bytes, n});
}

} // namespace

std::string mask_pan(std::string_view pan) {
  const std::size_t head = pan.size() >= 13 ? 6 : 0;
  const std::size_t tail = pan.size() >= 8 ? 4 : 0;
  std::string out(pan.size(), '*');
  for (std::size_t i = 0; i < head; ++i)
    out[i] = pan[i];
  for (std::size_t i = pan.size() - tail; i < pan.size(); ++i)
    out[i] = pan[i];
  return out;
}

std::string mask_track(std::string_view track) {
  std::size_t start = 0;
  while (start < track.size() && !is_digit(track[start]))
    ++start;
  std::size_t end = start;
  while (end < track.size() && is_digit(track[end]))
    ++end;
  std::string out = printable(track.substr(0, start));
  out += mask_pan(track.substr(start, end - start));
  out.append(track.size() - end, '*');
  return out;
}

std::string mask_tlv(byte_view emv) {
  std::vector<tlv_item> items;
  if (!parse_tlv(emv, items).ok())
    return concat({"<masked ", std::to_string(emv.size()), " bytes, malformed TLV>"});
  std::string out;
  for (const tlv_item& item : items) {
    if (!out.empty())
      out.push_back(' ');
    out += concat({tag_hex(item.tag), "[", std::to_string(item.value.size()), "]"});
  }
  return out;
}

std::string masked_value(const field_spec& spec, std::string_view value) {
  const bool binary = spec.type == field_type::b;
  switch (spec.mask) {
    case mask_rule::none:
      return binary ? to_hex(as_byte_view(value)) : printable(value);
    case mask_rule::pan:
      return mask_pan(binary ? to_hex(as_byte_view(value)) : printable(value));
    case mask_rule::track:
      return mask_track(binary ? to_hex(as_byte_view(value)) : std::string(value));
    case mask_rule::full:
      return hidden(value.size());
    case mask_rule::expiry:
      return std::string(value.size(), '*');
    case mask_rule::tlv:
      if (binary)
        return mask_tlv(as_byte_view(value));
      if (auto bytes = from_hex(value))
        return mask_tlv(as_byte_view(*bytes));
      return hidden(value.size());
  }
  return hidden(value.size());
}

} // namespace switchyard::iso8583
