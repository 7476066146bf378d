#pragma once

#include "protocols/iso8583/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace switchyard::iso8583 {

/// What a response copies from its request.
struct response_settings {
  /// Fields echoed when present in the request: PAN, processing code, amount, transmission
  /// time, STAN, local time and date, acquirer, RRN, terminal, merchant, currency.
  std::vector<int> echo_fields = {2, 3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49};
};

/// Returns the response MTI of request `mti`: the function digit (third) goes from request
/// to response (0->1, 2->3, 4->5, ...) and a repeat origin (odd fourth digit) loses its
/// repeat flag, so 0200 -> 0210, 0421 -> 0430, 0801 -> 0810. Nothing when `mti` is not four
/// digits or is already a response.
std::optional<std::string> response_mti(std::string_view mti);

/// Returns true when `mti` is a request, advice or notification (even function digit).
bool is_request_mti(std::string_view mti) noexcept;

/// Returns whether field 39 = `code` approves the request (ISO 8583:1987: 00 approved, 08
/// honour with identification, 10 partial approval, 11 VIP approval, 16 approved, update
/// track 3).
bool is_approval_code(std::string_view code) noexcept;

/// Fills `response` (cleared first) with the response MTI of `request` and copies of the
/// echo fields `request` has; fails with missing_mti or not_a_request.
std::error_code make_response(const message& request, message& response,
                              const response_settings& settings = {});

/// Returns the response to `request` as make_response() builds it, or nothing on failure.
std::optional<message> make_response(const message& request,
                                     const response_settings& settings = {});

} // namespace switchyard::iso8583
