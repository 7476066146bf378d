#pragma once

// How a listener accounts for the frames it answers or drops itself (see iso_intake):
// counters, and log lines with the card number masked, rate-limited per kind.

#include "actors/iso8583/iso_intake.hpp"
#include "actors/iso8583/iso_listener.hpp"

#include <string_view>

namespace switchyard {

/// Counts and logs what happens to `request` for `decision` (answer or drop) on a connection
/// from `peer`: network management answered 00 at debug level; a 12 or 30 counted (30 as a
/// format error) and logged with its reason and the message described; a drop counted and
/// logged as a warning.
void report_intake(const iso8583::message& request, const intake_decision& decision,
                   iso_listener_context& ctx, std::string_view peer);

} // namespace switchyard
