#pragma once

#include "config/settings.hpp"
#include "protocols/iso8583/codec_result.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/message.hpp"

#include <string>
#include <string_view>

namespace switchyard {

/// Returns the codec's framing kind for the config's (the same four kinds).
iso8583::framing_kind to_iso_framing(config::framing_kind kind);

/// Packs `m` with `d` and frames it with `header`, appending to `out`; on failure `out` is
/// left as it was and the result names the failing field.
iso8583::codec_result encode_message_frame(std::string_view header, const iso8583::message& m,
                                           const iso8583::dialect& d,
                                           const iso8583::framing_settings& framing,
                                           std::string& out);

/// Returns the frame answering an acquirer. When `response` cannot be packed in the
/// listener's dialect (an upstream sent fields it lacks), a minimal response with the same
/// MTI, fields 11, 37 and 41 and field 39 = 96 goes back instead, so the acquirer still
/// gets an answer (the MTI and 39 alone when even 11, 37 and 41 do not fit); empty only
/// when nothing can be packed, which is logged.
std::string encode_reply_frame(std::string_view header, const iso8583::message& response,
                               const iso8583::dialect& d, const iso8583::framing_settings& framing);

/// Appends what encode_reply_frame() returns to `out` (nothing when nothing packs), so
/// replies of a batch are encoded straight into one buffer.
void append_reply_frame(std::string_view header, const iso8583::message& response,
                        const iso8583::dialect& d, const iso8583::framing_settings& framing,
                        std::string& out);

} // namespace switchyard
