#include "actors/iso_exchange.hpp"

#include "protocols/iso8583/response.hpp"

namespace switchyard {

iso_exchange::iso_exchange(iso8583::message request, reply_function reply)
    : request_(std::move(request)), reply_(std::move(reply)) {}

iso_exchange::~iso_exchange() {
  answer_code(response_code::issuer_unavailable);
}

bool iso_exchange::answer(const iso8583::message& response) {
  if (answered_.exchange(true, std::memory_order_acq_rel))
    return false;
  if (reply_)
    reply_(response);
  reply_ = nullptr;
  return true;
}

bool iso_exchange::answer_code(std::string_view code) {
  if (is_answered())
    return false;
  auto response = make_code_response(request_, code);
  if (!acquirer_stan_.empty())
    response.set(11, acquirer_stan_);
  return answer(response);
}

iso8583::message make_code_response(const iso8583::message& request, std::string_view code) {
  iso8583::message response;
  if (iso8583::make_response(request, response))
    response.clear();
  response.set(39, code);
  return response;
}

} // namespace switchyard
