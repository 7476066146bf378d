#pragma once

// What a log line about an ISO 8583 message carries beside its text: the message's
// correlation ids, STAN (field 11) and RRN (field 37), which identify a transaction to the
// acquirer and the issuer alike and hold no card data.

#include "actors/io/log_format.hpp"
#include "protocols/iso8583/message.hpp"

#include <string_view>

namespace switchyard {

/// Returns the fields of a line about `m` (views into `m`, which must outlive the line):
/// its STAN and RRN where present, with `network` and `peer` when given.
inline log_fields iso_log_fields(const iso8583::message& m, std::string_view network = {},
                                 std::string_view peer = {}) {
  log_fields f;
  f.network = network;
  f.peer = peer;
  f.stan = m.find(11).value_or(std::string_view{});
  f.rrn = m.find(37).value_or(std::string_view{});
  return f;
}

} // namespace switchyard
