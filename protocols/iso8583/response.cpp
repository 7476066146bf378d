#include "protocols/iso8583/response.hpp"

#include "protocols/iso8583/errc.hpp"

namespace switchyard::iso8583 {

namespace {

bool is_mti(std::string_view mti) noexcept {
  if (mti.size() != 4)
    return false;
  for (char c : mti) {
    if (c < '0' || c > '9')
      return false;
  }
  return true;
}

} // namespace

bool is_request_mti(std::string_view mti) noexcept {
  return is_mti(mti) && (mti[2] - '0') % 2 == 0;
}

bool is_approval_code(std::string_view code) noexcept {
  return code == "00" || code == "08" || code == "10" || code == "11" || code == "16";
}

std::optional<std::string> response_mti(std::string_view mti) {
  if (!is_request_mti(mti))
    return std::nullopt;
  std::string out(mti);
  out[2] = static_cast<char>(out[2] + 1);
  // ISO 8583:1987 message origin: 1 and 3 are repeats of 0 and 2; a response is never one.
  out[3] = static_cast<char>(out[3] - (out[3] - '0') % 2);
  return out;
}

std::error_code make_response(const message& request, message& response,
                              const response_settings& settings) {
  response.clear();
  if (!request.has_mti())
    return iso8583_errc::missing_mti;
  const auto mti = response_mti(request.mti());
  if (!mti)
    return iso8583_errc::not_a_request;
  response.set_mti(*mti);
  for (int f : settings.echo_fields) {
    if (request.has(f))
      response.set(f, request.get(f));
  }
  return {};
}

std::optional<message> make_response(const message& request, const response_settings& settings) {
  message response;
  if (make_response(request, response, settings))
    return std::nullopt;
  return response;
}

} // namespace switchyard::iso8583
