#pragma once

// What the ISO 8583 path answers for each outcome the gateway meets itself: the one place
// where switchyard::errc becomes field 39 (ISO 8583:1987).

#include "actors/io/errc.hpp"

#include <string_view>
#include <system_error>

namespace switchyard {

/// Returns field 39 for `outcome`: 92 no route, 91 unavailable or refused, 68 timed out, 30
/// malformed request, 94 duplicate transmission, 96 system malfunction.
std::string_view field39_for(errc outcome) noexcept;

/// Returns the outcome of a request the pending table refused (pending_errc): a
/// duplicate, no STAN left to assign, or a request that lacks what matching needs.
errc outcome_of_refusal(std::error_code refused) noexcept;

} // namespace switchyard
