#pragma once

// ISO 8583 messages as they travel between nodes of a cluster: the decoded message, not the
// acquirer's wire bytes, so the node hosting the network packs it in the network's dialect
// whatever the listener's was. Plain and fuzzable: MTI (4 bytes, or "----" when the message
// has none), then per field its number (1 byte), length (4 bytes, little endian) and bytes.

#include "protocols/iso8583/message.hpp"

#include <string>
#include <string_view>

namespace switchyard {

/// Returns `m` in relay form.
std::string to_relay_form(const iso8583::message& m);

/// Reads a message in relay form into `out`; false (out unspecified) when `form` is not one.
bool from_relay_form(std::string_view form, iso8583::message& out);

} // namespace switchyard
