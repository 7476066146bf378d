#pragma once

#include <system_error>

namespace switchyard {

/// Why pending_requests::add refused a request.
enum class pending_errc {
  missing_mti = 1,     ///< the request has no MTI
  not_a_request,       ///< the MTI is not a request, advice or notification
  missing_match_field, ///< the request lacks field 11 (STAN), a match field
  key_in_use,          ///< the key is in flight or a tombstone and field 11 is not a match field
  no_free_stan,        ///< every switch-assigned STAN would collide
  duplicate,           ///< the same transaction is in flight under this key
};

/// Returns the error category of `pending_errc` (name "pending_requests").
const std::error_category& pending_category() noexcept;

/// Wraps `e` in a `std::error_code` of the pending_requests category.
std::error_code make_error_code(pending_errc e) noexcept;

} // namespace switchyard

template <>
struct std::is_error_code_enum<switchyard::pending_errc> : std::true_type {};
