#include "actors/iso8583/iso_outcome.hpp"

#include "actors/iso8583/pending_errc.hpp"

namespace switchyard {

std::string_view field39_for(errc outcome) noexcept {
  switch (outcome) {
    case errc::no_route:
    case errc::unknown_network:
      return "92"; // financial institution or intermediate network facility cannot be found
    case errc::upstream_unavailable:
    case errc::not_ready:
    case errc::shutting_down:
    case errc::limit_exceeded:
      return "91"; // issuer or switch inoperative
    case errc::upstream_timeout:
      return "68"; // response received too late
    case errc::invalid_request:
      return "30"; // format error
    case errc::duplicate_request:
      return "94"; // duplicate transmission
    case errc::duplicate_network:
    case errc::unknown_actor:
    case errc::upstream_error:
    case errc::internal_error:
      return "96"; // system malfunction
  }
  return "96";
}

errc outcome_of_refusal(std::error_code refused) noexcept {
  if (refused == pending_errc::no_free_stan)
    return errc::internal_error;
  if (refused == pending_errc::key_in_use || refused == pending_errc::duplicate)
    return errc::duplicate_request;
  return errc::invalid_request; // no MTI, not a request, a match field missing
}

} // namespace switchyard
