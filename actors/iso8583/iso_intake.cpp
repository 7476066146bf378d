#include "actors/iso8583/iso_intake.hpp"

#include "actors/iso8583/iso_exchange.hpp"
#include "protocols/iso8583/response.hpp"

#include <algorithm>

namespace switchyard {

namespace {

// ISO 8583:1987 field 39.
constexpr std::string_view approved = "00";
constexpr std::string_view invalid_transaction = "12";
constexpr std::string_view format_error = "30";

// ISO 8583:1987 field 70, network management information code: what an acquirer's channel
// sends of its own accord.
constexpr std::string_view sign_on = "001";
constexpr std::string_view sign_off = "002";
constexpr std::string_view key_change = "161";
constexpr std::string_view echo_test = "301";

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

intake_decision answer(std::string_view code, std::string reason) {
  return {intake_action::answer, code, std::move(reason), sign_event::none};
}

intake_decision drop(std::string reason) {
  return {intake_action::drop, {}, std::move(reason), sign_event::none};
}

// The gateway holds no keys of the acquirer's (it translates no PINs), so a key change is
// acknowledged like an echo; sign-on and sign-off are tracked per connection by the caller.
intake_decision manage_network(const iso8583::message& request) {
  auto code = request.find(70);
  if (!code)
    return answer(format_error,
                  "network management without field 70 (network management information code)");
  if (*code == sign_on)
    return {intake_action::answer, approved, "sign-on", sign_event::sign_on};
  if (*code == sign_off)
    return {intake_action::answer, approved, "sign-off", sign_event::sign_off};
  if (*code == key_change)
    return answer(approved, "key change");
  if (*code == echo_test)
    return answer(approved, "echo test");
  auto shown = is_digits(*code) && code->size() <= 3 ? std::string{*code} : "(not 3 digits)";
  return answer(invalid_transaction, "network management code " + shown
                                       + " is not one the gateway answers (001, 002, 161, 301)");
}

} // namespace

std::string reserved_mti(std::string_view mti, std::string_view& code) {
  // ISO 8583:1987 MTI: version, class, function, origin. Versions 3-7 are reserved (0 1987,
  // 1 1993, 2 2003, 8 national, 9 private), classes 0 and 9, request functions 6 and 8
  // (0 request, 2 advice, 4 notification), origins 6-9.
  std::string text{mti};
  if (mti[0] >= '3' && mti[0] <= '7') {
    code = format_error;
    return "MTI " + text + ": version " + mti[0] + " is reserved by ISO 8583";
  }
  if (mti[1] == '0' || mti[1] == '9') {
    code = invalid_transaction;
    return "MTI " + text + ": message class " + mti[1] + " is reserved by ISO 8583";
  }
  if (mti[2] == '6' || mti[2] == '8') {
    code = invalid_transaction;
    return "MTI " + text + ": message function " + mti[2] + " is reserved by ISO 8583:1987";
  }
  if (mti[3] >= '6') {
    code = format_error;
    return "MTI " + text + ": message origin " + mti[3] + " is reserved by ISO 8583";
  }
  return {};
}

intake_decision take_in(const iso8583::message& request, const iso8583::codec_result& decoded,
                        bool local_management) {
  if (!request.has_mti())
    return drop("no readable MTI: " + iso8583::to_string(decoded));
  auto mti = request.mti();
  if (!iso8583::is_request_mti(mti))
    return drop("MTI " + std::string{mti}
                + " is a response or an acknowledgement, not a request: nothing to answer");
  std::string_view code;
  if (auto why = reserved_mti(mti, code); !why.empty())
    return answer(code, std::move(why));
  // ISO 8583:1987 field 39 = 30: the MTI was readable, the rest was not.
  if (!decoded.ok())
    return answer(format_error, "format error: " + iso8583::to_string(decoded));
  if (local_management && mti[1] == '8')
    return manage_network(request);
  return {};
}

iso8583::message make_intake_response(const iso8583::message& request,
                                      const intake_decision& decision) {
  auto response = make_code_response(request, decision.code);
  // A network management answer carries the request's code back (ISO 8583:1987 field 70).
  if (auto code = request.find(70); code && request.has_mti() && request.mti()[1] == '8')
    response.set(70, *code);
  return response;
}

} // namespace switchyard
