#pragma once

// What an acquirer listener does with a decoded frame before anything is routed: requests go
// on to routing; what the gateway can tell is wrong (a format error, a message type ISO 8583
// reserves) it answers itself, and so the acquirer's own network management unless the
// listener routes it; what has no response MTI (a response, an unreadable MTI) is dropped.
// Pure: no I/O, no clock, no logging.

#include "protocols/iso8583/codec_result.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard {

/// What the listener does with one frame.
enum class intake_action : std::uint8_t {
  route,  ///< a request for a network
  answer, ///< answered by the gateway with field 39 = `code`
  drop,   ///< nothing can answer it (no response MTI): counted and logged only
};

/// What an acquirer's network management message did to its connection.
enum class sign_event : std::uint8_t { none, sign_on, sign_off };

/// The decision about one frame.
struct intake_decision {
  intake_action action = intake_action::route;
  std::string_view code; ///< field 39 of the answer
  std::string reason;    ///< why it is answered or dropped (no field values)
  sign_event sign = sign_event::none;
};

/// Decides about `request` as unpack() left it (`decoded`); `local_management`: network
/// management (MTI class 8) is answered here rather than routed.
intake_decision take_in(const iso8583::message& request, const iso8583::codec_result& decoded,
                        bool local_management);

/// Returns why ISO 8583:1987 gives the request MTI `mti` no meaning (a reserved version,
/// class, function or origin digit), with `code` set to 12 (a type of transaction there is
/// not) or 30 (a malformed MTI); empty when it is a known request MTI.
std::string reserved_mti(std::string_view mti, std::string_view& code);

/// Builds the gateway's answer to `request` for `decision` (action answer): the response MTI,
/// the usual echo fields, field 70 of network management, field 39.
iso8583::message make_intake_response(const iso8583::message& request,
                                      const intake_decision& decision);

} // namespace switchyard
