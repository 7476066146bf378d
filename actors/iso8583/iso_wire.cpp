#include "actors/iso8583/iso_wire.hpp"

#include "actors/io/log_limiter.hpp"
#include "actors/iso8583/iso_exchange.hpp"
#include "actors/iso8583/iso_log_fields.hpp"
#include "actors/iso8583/iso_outcome.hpp"
#include "protocols/iso8583/packer.hpp"

namespace switchyard {

iso8583::framing_kind to_iso_framing(config::framing_kind kind) {
  switch (kind) {
    case config::framing_kind::len2:
      return iso8583::framing_kind::len2;
    case config::framing_kind::len2_inclusive:
      return iso8583::framing_kind::len2_inclusive;
    case config::framing_kind::ascii4:
      return iso8583::framing_kind::ascii4;
    case config::framing_kind::bcd2:
      return iso8583::framing_kind::bcd2;
  }
  return iso8583::framing_kind::len2;
}

iso8583::codec_result encode_message_frame(std::string_view header, const iso8583::message& m,
                                           const iso8583::dialect& d,
                                           const iso8583::framing_settings& framing,
                                           std::string& out) {
  thread_local std::string body;
  body.clear();
  auto r = iso8583::pack(m, d, body);
  if (!r.ok())
    return r;
  if (auto ec = iso8583::encode_frame(iso8583::as_byte_view(header), iso8583::as_byte_view(body),
                                      framing, out)) {
    r.error = ec;
    r.field = iso8583::no_element;
  }
  return r;
}

std::string encode_reply_frame(std::string_view header, const iso8583::message& response,
                               const iso8583::dialect& d,
                               const iso8583::framing_settings& framing) {
  std::string frame;
  append_reply_frame(header, response, d, framing, frame);
  return frame;
}

void append_reply_frame(std::string_view header, const iso8583::message& response,
                        const iso8583::dialect& d, const iso8583::framing_settings& framing,
                        std::string& out) {
  // encode_message_frame leaves `out` as it was when it fails.
  auto r = encode_message_frame(header, response, d, framing, out);
  if (r.ok())
    return;
  // Whatever makes one response unencodable (an issuer's field the acquirer's dialect cannot
  // take) usually makes them all so: a line a second.
  static log_limiter unencodable;
  log_limited(unencodable, log_level::warn, "iso8583", "unencodable response",
              iso_log_fields(response), "cannot encode a response: " + iso8583::to_string(r));
  iso8583::message minimal;
  minimal.set_mti(response.mti());
  for (int field : {11, 37, 41})
    if (auto value = response.find(field))
      minimal.set(field, *value);
  minimal.set(39, field39_for(errc::upstream_error));
  if (encode_message_frame(header, minimal, d, framing, out).ok())
    return;
  // Even the echo fields do not fit this dialect: the MTI and field 39 alone.
  minimal.remove(11);
  minimal.remove(37);
  minimal.remove(41);
  if (!encode_message_frame(header, minimal, d, framing, out).ok())
    log(log_level::error, "iso8583", "cannot encode even a bare 96 response: dropped");
}

} // namespace switchyard
