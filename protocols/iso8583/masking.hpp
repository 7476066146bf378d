#pragma once

#include "protocols/iso8583/bytes.hpp"
#include "protocols/iso8583/field_spec.hpp"

#include <string>
#include <string_view>

namespace switchyard::iso8583 {

/// Masks a card number: the first 6 and last 4 characters stay when it has at least 13,
/// only the last 4 when it has 8 to 12, none below; every other character becomes '*'.
std::string mask_pan(std::string_view pan);

/// Masks track data (track 1, 2 or 3): leading format characters stay, the account number
/// (the first run of digits) is masked by mask_pan, everything after it becomes '*'.
std::string mask_track(std::string_view track);

/// Lists the tags and value lengths of BER-TLV data, e.g. "9F02[6] 82[2]"; values are never
/// shown. Malformed data yields "<masked N bytes, malformed TLV>".
std::string mask_tlv(byte_view emv);

/// Returns `value` of a field with `spec` as it may appear in a log: masked by spec.mask,
/// binary values as hex, non-printable characters escaped as \xNN.
std::string masked_value(const field_spec& spec, std::string_view value);

} // namespace switchyard::iso8583
