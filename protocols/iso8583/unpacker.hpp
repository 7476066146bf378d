#pragma once

#include "protocols/iso8583/bytes.hpp"
#include "protocols/iso8583/codec_result.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/message.hpp"

namespace switchyard::iso8583 {

/// Unpacks one whole message of dialect `d` from `in` into `out` (cleared first). The bytes
/// must hold exactly one message: leftovers fail with trailing_data. On failure `field` and
/// `offset` name the culprit and `out` holds whatever was decoded before it. Reads only
/// within `in` and never throws on malformed input.
codec_result unpack(byte_view in, const dialect& d, message& out);

} // namespace switchyard::iso8583
