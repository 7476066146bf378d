#pragma once

#include "protocols/iso8583/codec_result.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace switchyard::iso8583 {

/// Packs `m` as dialect `d` says into `out`: MTI, bitmaps, then each present field in order.
/// On success `size` is the number of bytes written; on failure `field` names the culprit
/// (buffer_too_small when `out` is too short). Never throws.
codec_result pack(const message& m, const dialect& d, std::span<std::uint8_t> out) noexcept;

/// Packs `m` into `out`, which is resized to the packed size; reusing one string across
/// calls avoids allocations once its capacity has grown.
codec_result pack(const message& m, const dialect& d, std::string& out);

} // namespace switchyard::iso8583
