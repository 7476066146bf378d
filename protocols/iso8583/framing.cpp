#include "protocols/iso8583/framing.hpp"

#include "protocols/iso8583/errc.hpp"

#include <utility>

namespace switchyard::iso8583 {

namespace {

// Decodes the length prefix at `p`; nothing when it is malformed.
std::optional<std::size_t> read_length(framing_kind kind, const std::uint8_t* p) noexcept {
  switch (kind) {
    case framing_kind::len2:
      return std::size_t{p[0]} << 8 | p[1];
    case framing_kind::len2_inclusive: {
      const std::size_t total = std::size_t{p[0]} << 8 | p[1];
      return total < 2 ? std::nullopt : std::optional<std::size_t>{total - 2};
    }
    case framing_kind::ascii4: {
      std::size_t n = 0;
      for (int i = 0; i < 4; ++i) {
        if (p[i] < '0' || p[i] > '9')
          return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(p[i] - '0');
      }
      return n;
    }
    case framing_kind::bcd2: {
      std::size_t n = 0;
      for (int i = 0; i < 4; ++i) {
        const unsigned d = i % 2 == 0 ? p[i / 2] >> 4 : p[i / 2] & 0x0F;
        if (d > 9)
          return std::nullopt;
        n = n * 10 + d;
      }
      return n;
    }
  }
  return std::nullopt;
}

std::size_t prefix_limit(framing_kind kind) noexcept {
  switch (kind) {
    case framing_kind::len2:
      return 0xFFFF;
    case framing_kind::len2_inclusive:
      return 0xFFFF - 2;
    case framing_kind::ascii4:
    case framing_kind::bcd2:
      return 9999;
  }
  return 0;
}

void write_length(framing_kind kind, std::size_t n, std::uint8_t* p) noexcept {
  switch (kind) {
    case framing_kind::len2_inclusive:
      n += 2;
      [[fallthrough]];
    case framing_kind::len2:
      p[0] = static_cast<std::uint8_t>(n >> 8);
      p[1] = static_cast<std::uint8_t>(n & 0xFF);
      return;
    case framing_kind::ascii4:
      for (int i = 3; i >= 0; --i, n /= 10)
        p[i] = static_cast<std::uint8_t>('0' + n % 10);
      return;
    case framing_kind::bcd2:
      p[1] = static_cast<std::uint8_t>((n / 10 % 10) << 4 | n % 10);
      p[0] = static_cast<std::uint8_t>((n / 1000 % 10) << 4 | n / 100 % 10);
      return;
  }
}

frame_result fail(std::error_code ec) noexcept {
  frame_result r;
  r.status = frame_status::error;
  r.error = ec;
  return r;
}

} // namespace

std::optional<framing_kind> parse_framing_kind(std::string_view name) noexcept {
  for (auto k : {framing_kind::len2, framing_kind::len2_inclusive, framing_kind::ascii4,
                 framing_kind::bcd2}) {
    if (name == to_string(k))
      return k;
  }
  return std::nullopt;
}

std::string_view to_string(framing_kind kind) noexcept {
  switch (kind) {
    case framing_kind::len2:
      return "len2";
    case framing_kind::len2_inclusive:
      return "len2-inclusive";
    case framing_kind::ascii4:
      return "ascii4";
    case framing_kind::bcd2:
      return "bcd2";
  }
  return "unknown";
}

std::size_t length_prefix_size(framing_kind kind) noexcept {
  return kind == framing_kind::ascii4 ? 4 : 2;
}

frame_result try_extract(std::span<const std::uint8_t> buffer, const framing_settings& s) noexcept {
  const std::size_t prefix = length_prefix_size(s.kind);
  if (buffer.size() < prefix)
    return {};
  const auto length = read_length(s.kind, buffer.data());
  if (!length)
    return fail(iso8583_errc::invalid_frame_length);
  if (*length > s.max_frame_bytes)
    return fail(iso8583_errc::frame_too_large);
  if (*length < s.header_bytes)
    return fail(iso8583_errc::frame_too_small);
  if (buffer.size() - prefix < *length)
    return {};
  frame_result r;
  r.status = frame_status::complete;
  r.frame = buffer.subspan(prefix, *length);
  r.header = r.frame.first(s.header_bytes);
  r.message = r.frame.subspan(s.header_bytes);
  r.consumed = prefix + *length;
  return r;
}

std::error_code encode_frame(byte_view header, byte_view message, const framing_settings& s,
                             std::string& out) {
  if (header.size() != s.header_bytes)
    return iso8583_errc::invalid_frame_length;
  const std::size_t length = header.size() + message.size();
  if (length > s.max_frame_bytes || length > prefix_limit(s.kind))
    return iso8583_errc::frame_too_large;
  const std::size_t prefix = length_prefix_size(s.kind);
  const std::size_t at = out.size();
  out.resize(at + prefix);
  write_length(s.kind, length, reinterpret_cast<std::uint8_t*>(out.data() + at));
  out.append(as_string_view(header));
  out.append(as_string_view(message));
  return {};
}

void swap_tpdu_addresses(std::span<std::uint8_t> header) noexcept {
  if (header.size() != 5)
    return;
  std::swap(header[1], header[3]);
  std::swap(header[2], header[4]);
}

std::string response_header(byte_view request, const framing_settings& s) {
  std::string out(as_string_view(request));
  if (s.swap_tpdu)
    swap_tpdu_addresses({reinterpret_cast<std::uint8_t*>(out.data()), out.size()});
  return out;
}

} // namespace switchyard::iso8583
