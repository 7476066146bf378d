#include "actors/io/errc.hpp"

namespace switchyard {

std::string to_string(errc x) {
  switch (x) {
    case errc::no_route:
      return "no_route";
    case errc::unknown_network:
      return "unknown_network";
    case errc::duplicate_network:
      return "duplicate_network";
    case errc::upstream_unavailable:
      return "upstream_unavailable";
    case errc::upstream_timeout:
      return "upstream_timeout";
    case errc::invalid_request:
      return "invalid_request";
    case errc::unknown_actor:
      return "unknown_actor";
    case errc::not_ready:
      return "not_ready";
    case errc::shutting_down:
      return "shutting_down";
    case errc::limit_exceeded:
      return "limit_exceeded";
    case errc::upstream_error:
      return "upstream_error";
    case errc::duplicate_request:
      return "duplicate_request";
    case errc::internal_error:
      return "internal_error";
  }
  return "errc(" + std::to_string(static_cast<int>(x)) + ")";
}

} // namespace switchyard
