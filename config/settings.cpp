#include "config/settings.hpp"

namespace switchyard::config {

const char* to_string(protocol_kind x) {
  switch (x) {
    case protocol_kind::iso8583:
      return "iso8583";
    case protocol_kind::jsonrpc:
      return "jsonrpc";
  }
  return "unknown";
}

const char* to_string(framing_kind x) {
  switch (x) {
    case framing_kind::len2:
      return "len2";
    case framing_kind::len2_inclusive:
      return "len2-inclusive";
    case framing_kind::ascii4:
      return "ascii4";
    case framing_kind::bcd2:
      return "bcd2";
  }
  return "unknown";
}

const char* to_string(balancing_kind x) {
  switch (x) {
    case balancing_kind::round_robin:
      return "round_robin";
    case balancing_kind::weighted_round_robin:
      return "weighted_round_robin";
    case balancing_kind::least_pending:
      return "least_pending";
    case balancing_kind::latency_aware:
      return "latency_aware";
  }
  return "unknown";
}

const char* to_string(probe_kind x) {
  switch (x) {
    case probe_kind::echo:
      return "echo";
    case probe_kind::jsonrpc_method:
      return "jsonrpc_method";
    case probe_kind::tcp_connect:
      return "tcp_connect";
    case probe_kind::none:
      return "none";
  }
  return "unknown";
}

} // namespace switchyard::config
