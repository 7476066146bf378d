#include "tools/sim-jsonrpc/fault_plan.hpp"

#include <array>
#include <utility>

namespace switchyard::rpc_sim {

fault pick_fault(const fault_rates& rates, double draw, transport via) {
  const std::array<std::pair<fault, double>, 5> slices{{
    {fault::drop, rates.drop},
    {fault::hang, rates.hang},
    {fault::http_429, rates.http_429},
    {fault::http_5xx, rates.http_5xx},
    {fault::malformed, rates.malformed},
  }};
  double upper = 0;
  for (const auto& [kind, rate] : slices) {
    upper += rate;
    if (draw < upper) {
      const bool http_only = kind == fault::http_429 || kind == fault::http_5xx;
      return http_only && via == transport::websocket ? fault::none : kind;
    }
  }
  return fault::none;
}

std::string_view to_string(fault f) {
  switch (f) {
    case fault::none:
      return "none";
    case fault::drop:
      return "drop";
    case fault::hang:
      return "hang";
    case fault::http_429:
      return "http_429";
    case fault::http_5xx:
      return "http_5xx";
    case fault::malformed:
      return "malformed";
  }
  return "none";
}

} // namespace switchyard::rpc_sim
