#include "tools/sim-iso8583/issuer.hpp"

#include "protocols/iso8583/response.hpp"

namespace switchyard::sim {

namespace {

using iso8583::message;

// Response codes of ISO 8583:1987 field 39.
constexpr std::string_view approved_code = "00";
constexpr std::string_view invalid_transaction = "12";
constexpr std::string_view format_error = "30";
constexpr std::string_view insufficient_funds = "51";
constexpr std::string_view system_malfunction = "96";

const iso8583::response_settings& echo_settings() {
  static const iso8583::response_settings settings{
    {2, 3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49, 70}};
  return settings;
}

issuer_outcome reply(message& response, std::string_view code, issuer_outcome outcome) {
  response.set(39, code);
  return outcome;
}

issuer_outcome authorize(const message& request, const issuer_rules& rules, const issuer_dice& dice,
                         message& response) {
  // A missing amount (a balance inquiry) is approved; an unreadable one is a format error.
  std::int64_t amount = 0;
  if (request.has(4)) {
    const auto parsed = request.amount_minor(4);
    if (!parsed)
      return reply(response, format_error, issuer_outcome::malformed);
    amount = *parsed;
  }
  if (amount > rules.decline_above)
    return reply(response, insufficient_funds, issuer_outcome::declined);
  if (dice.error < rules.error_rate)
    return reply(response, system_malfunction, issuer_outcome::failed);
  response.set_uint(38, dice.approval % 1000000, 6);
  return reply(response, approved_code, issuer_outcome::approved);
}

issuer_outcome manage_network(const message& request, message& response) {
  const auto code = request.get(70);
  if (code == "001" || code == "002" || code == "301")
    return reply(response, approved_code, issuer_outcome::approved);
  return reply(response, invalid_transaction, issuer_outcome::declined);
}

} // namespace

std::string_view to_string(issuer_outcome outcome) noexcept {
  switch (outcome) {
    case issuer_outcome::approved:
      return "approved";
    case issuer_outcome::declined:
      return "declined";
    case issuer_outcome::failed:
      return "failed";
    case issuer_outcome::malformed:
      return "malformed";
    case issuer_outcome::dropped:
      return "dropped";
    case issuer_outcome::ignored:
      return "ignored";
  }
  return "unknown";
}

issuer_outcome answer(const message& request, const issuer_rules& rules, const issuer_dice& dice,
                      message& response) {
  if (iso8583::make_response(request, response, echo_settings()))
    return issuer_outcome::ignored;
  if (dice.drop < rules.drop_rate)
    return issuer_outcome::dropped;
  const auto mti = request.mti();
  // ISO 8583:1987 MTI: the second digit is the class, the third the function (0 request).
  switch (mti[1]) {
    case '1':
    case '2':
      if (mti[2] == '0')
        return authorize(request, rules, dice, response);
      return reply(response, approved_code, issuer_outcome::approved);
    case '4':
      // Function 2 is an advice: an acquirer must repeat it (0421) until it is acknowledged
      // with 00, so a 96 here tests that it does.
      if (mti[2] == '2' && dice.advice_error < rules.advice_error_rate)
        return reply(response, system_malfunction, issuer_outcome::failed);
      return reply(response, approved_code, issuer_outcome::approved);
    case '8':
      return manage_network(request, response);
    default:
      return reply(response, invalid_transaction, issuer_outcome::declined);
  }
}

issuer_outcome answer_malformed(const message& partial, message& response) {
  if (iso8583::make_response(partial, response, echo_settings()))
    return issuer_outcome::ignored;
  return reply(response, format_error, issuer_outcome::malformed);
}

} // namespace switchyard::sim
