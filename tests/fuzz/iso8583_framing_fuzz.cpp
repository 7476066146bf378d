// Extracts frames from arbitrary bytes with every framing kind, with and without a TPDU
// header; every complete frame must lie inside the buffer and survive re-encoding.
#include "protocols/iso8583/framing.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

using namespace switchyard::iso8583;

namespace {

void check_frames(std::span<const std::uint8_t> buffer, const framing_settings& s) {
  while (!buffer.empty()) {
    const frame_result r = try_extract(buffer, s);
    if (r.status != frame_status::complete)
      return;
    if (r.consumed == 0 || r.consumed > buffer.size() || r.header.size() != s.header_bytes
        || r.frame.data() < buffer.data()
        || r.frame.data() + r.frame.size() > buffer.data() + buffer.size())
      std::abort();
    std::string out;
    if (encode_frame(r.header, r.message, s, out))
      std::abort();
    const frame_result again = try_extract(as_byte_view(out), s);
    if (again.status != frame_status::complete || again.consumed != out.size()
        || as_string_view(again.frame) != as_string_view(r.frame))
      std::abort();
    (void)response_header(r.header, s);
    buffer = buffer.subspan(r.consumed);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (auto kind : {framing_kind::len2, framing_kind::len2_inclusive, framing_kind::ascii4,
                    framing_kind::bcd2}) {
    for (std::size_t header : {0, 5}) {
      framing_settings s;
      s.kind = kind;
      s.header_bytes = header;
      s.max_frame_bytes = 4096;
      check_frames({data, size}, s);
    }
  }
  return 0;
}
