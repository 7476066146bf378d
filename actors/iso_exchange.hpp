#pragma once

#include "protocols/iso8583/message.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace switchyard {

/// ISO 8583:1987 field 39 values the gateway itself answers with.
namespace response_code {
inline constexpr std::string_view approved = "00";
inline constexpr std::string_view format_error = "30";
inline constexpr std::string_view response_late = "68";
inline constexpr std::string_view issuer_unavailable = "91";
inline constexpr std::string_view no_route = "92";
inline constexpr std::string_view duplicate_transmission = "94";
inline constexpr std::string_view system_malfunction = "96";
} // namespace response_code

/// One acquirer transaction crossing the gateway: the decoded request and the way back
/// to the acquirer's connection. Answered exactly once; an exchange dropped unanswered
/// (a connector died with it) answers 91 itself, so an acquirer never waits on silence.
class iso_exchange {
public:
  /// Receives the response to send back; called once, on any thread.
  using reply_function = std::function<void(const iso8583::message& response)>;

  /// Wraps `request`, answered through `reply`.
  iso_exchange(iso8583::message request, reply_function reply);

  ~iso_exchange();

  iso_exchange(const iso_exchange&) = delete;
  iso_exchange& operator=(const iso_exchange&) = delete;

  /// Returns the acquirer's request as decoded (field 11 may have been switched, see below).
  const iso8583::message& request() const noexcept { return request_; }

  /// Returns the request for the upstream leg, so the connector sends it without a copy.
  iso8583::message& upstream_request() noexcept { return request_; }

  /// Remembers the acquirer's STAN after the connector replaced field 11 with a
  /// switch-assigned one; responses built here carry the acquirer's STAN again.
  void keep_acquirer_stan(std::string stan) { acquirer_stan_ = std::move(stan); }

  /// Sends `response` back; returns false when the exchange was already answered.
  bool answer(const iso8583::message& response);

  /// Sends the request's response MTI with echo fields and field 39 = `code`; returns
  /// false when already answered.
  bool answer_code(std::string_view code);

  /// Returns whether a response has been sent.
  bool is_answered() const noexcept { return answered_.load(std::memory_order_acquire); }

private:
  iso8583::message request_;
  std::string acquirer_stan_; // set only when field 11 was switched for the upstream leg
  reply_function reply_;
  std::atomic<bool> answered_{false};
};

/// Builds the response to `request` carrying field 39 = `code` (echo fields copied); when the
/// request has no readable MTI the response has none either.
iso8583::message make_code_response(const iso8583::message& request, std::string_view code);

/// Shared ownership of an exchange as it travels from listener to connector.
using iso_exchange_ptr = std::shared_ptr<iso_exchange>;

} // namespace switchyard
