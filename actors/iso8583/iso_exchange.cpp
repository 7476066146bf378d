#include "actors/iso8583/iso_exchange.hpp"

#include "actors/iso8583/iso_outcome.hpp"
#include "actors/iso8583/reversal_store.hpp"
#include "protocols/iso8583/response.hpp"

namespace switchyard {

iso_exchange::iso_exchange(iso8583::message request, reply_function reply,
                           const std::atomic<bool>* connection_open)
    : request_(std::move(request)), reply_(std::move(reply)), connection_open_(connection_open) {}

void iso_exchange::keep_acquirer_field(int field, std::string value) {
  acquirer_fields_.keep(field, value); // the first change is what the acquirer sent
}

bool iso_exchange::is_connection_open() const noexcept {
  return connection_open_ == nullptr || is_answered()
         || connection_open_->load(std::memory_order_acquire);
}

bool iso_exchange::answer(iso8583::message& response, bool guarded) {
  if (!claim())
    return false;
  acquirer_fields_.restore(response);
  std::shared_ptr<delivery_guard> guard;
  // An approval of a reversible request that never reaches the acquirer must be reversed.
  if (guarded && !watcher_.expired() && is_approval(response.get(39))
      && is_reversible(request_.mti()))
    guard = shared_from_this();
  if (reply_)
    reply_(response, std::move(guard));
  reply_ = nullptr;
  return true;
}

void iso_exchange::undelivered() {
  if (auto watcher = watcher_.lock())
    watcher->on_undelivered(shared_from_this());
}

void iso_exchange::delivered() {
  if (forward_id_ == 0)
    return;
  if (auto watcher = watcher_.lock())
    watcher->on_delivered(forward_id_);
}

bool iso_exchange::fail(errc outcome) {
  return answer_code(field39_for(outcome));
}

bool iso_exchange::answer_code(std::string_view code) {
  if (is_answered())
    return false;
  auto response = make_code_response(request_, code);
  return answer(response);
}

iso8583::message make_code_response(const iso8583::message& request, std::string_view code) {
  iso8583::message response;
  if (iso8583::make_response(request, response))
    response.clear();
  response.set(39, code);
  return response;
}

bool is_approval(std::string_view code) {
  return iso8583::is_approval_code(code);
}

} // namespace switchyard
