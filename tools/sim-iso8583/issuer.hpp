#pragma once

#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <string_view>

namespace switchyard::sim {

/// How the simulated issuer decides; fixed for the life of the simulator.
struct issuer_rules {
  std::int64_t decline_above = 100000; ///< amounts (field 4, minor units) above this get 51
  double error_rate = 0;               ///< fraction of approvals turned into 96
  double drop_rate = 0;                ///< fraction of requests never answered
  double advice_error_rate = 0;        ///< fraction of advices (0420/0421) acknowledged 96
};

/// The random draws behind one decision, injected so that decisions are reproducible.
struct issuer_dice {
  double drop = 1;            ///< uniform in [0, 1): the request is dropped below drop_rate
  double error = 1;           ///< uniform in [0, 1): an approval becomes 96 below error_rate
  std::uint32_t approval = 0; ///< the approval code (field 38), 0..999999
  double advice_error = 1;    ///< uniform in [0, 1): an advice gets 96 below advice_error_rate
};

/// What the issuer did with one request.
enum class issuer_outcome : std::uint8_t {
  approved,  ///< answered with 39=00
  declined,  ///< answered with a business decline (51 insufficient funds, 12 invalid)
  failed,    ///< answered with 96 system malfunction (--error-rate, --advice-error-rate)
  malformed, ///< answered with 30 format error
  dropped,   ///< deliberately never answered (--drop-rate)
  ignored,   ///< not a request (a response or an unreadable MTI): nothing to answer
};

/// Returns the outcome's name for logs and statistics.
std::string_view to_string(issuer_outcome outcome) noexcept;

/// Answers a decoded `request` into `response`: 0100/0200 by amount and error rate (with an
/// approval code in field 38 when approved), 0400 and advices with 00 (advices 0420/0421 with
/// 96 by the advice error rate), 0800 by field 70
/// (sign-on 001, sign-off 002, echo 301: 00; others 12), other classes with 12.
issuer_outcome answer(const iso8583::message& request, const issuer_rules& rules,
                      const issuer_dice& dice, iso8583::message& response);

/// Answers a request that failed to decode with 39=30 (ISO 8583:1987 "format error");
/// `partial` holds what decoded. Ignored when it has no request MTI.
issuer_outcome answer_malformed(const iso8583::message& partial, iso8583::message& response);

} // namespace switchyard::sim
