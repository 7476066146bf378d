#pragma once

#include "actors/io/exchange.hpp"
#include "actors/io/reply_batch.hpp"
#include "protocols/iso8583/message.hpp"
#include "protocols/iso8583/original_fields.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard {

class iso_exchange;

/// Shared ownership of an exchange as it travels from listener to connector.
using iso_exchange_ptr = std::shared_ptr<iso_exchange>;

/// Hears of approvals that could not be delivered to the acquirer (implemented by the
/// network's upstream, which reverses them).
class delivery_watcher {
public:
  virtual ~delivery_watcher() = default;

  /// The approval `x` was answered with never reached the acquirer; any thread.
  virtual void on_undelivered(iso_exchange_ptr x) = 0;

  /// The approval that forward record `forward_id` waited on was written to the acquirer;
  /// any thread.
  virtual void on_delivered(std::uint64_t forward_id) = 0;
};

/// One acquirer transaction crossing the gateway: the decoded request and the way back
/// to the acquirer's connection. Answered exactly once (see exchange; create it with
/// make_exchange, and one dropped unanswered answers 91 itself).
class iso_exchange : public exchange,
                     public delivery_guard,
                     public std::enable_shared_from_this<iso_exchange> {
public:
  /// Receives the response to send back; called once, on any thread. `guard`, when set,
  /// must hear of it (undelivered) if the response cannot be written to the acquirer.
  using reply_function
    = std::function<void(const iso8583::message& response, std::shared_ptr<delivery_guard> guard)>;

  /// Wraps `request`, answered through `reply`; `connection_open`, when given, tells
  /// whether the acquirer's connection is still open (it must outlive `reply`).
  iso_exchange(iso8583::message request, reply_function reply,
               const std::atomic<bool>* connection_open = nullptr);

  /// Returns the acquirer's request as decoded (field 11 may have been switched, see below).
  const iso8583::message& request() const noexcept { return request_; }

  /// Returns the request for the upstream leg, so the connector sends it without a copy.
  iso8583::message& upstream_request() noexcept { return request_; }

  /// Remembers the acquirer's STAN after the connector replaced field 11 with a
  /// switch-assigned one; responses built here carry the acquirer's STAN again.
  void keep_acquirer_stan(std::string stan) { keep_acquirer_field(11, std::move(stan)); }

  /// Remembers what the acquirer sent in `field` before the connector changed it for the
  /// upstream leg; every answer carries it again (where the answer has the field).
  void keep_acquirer_field(int field, std::string value);

  /// Returns what the acquirer sent in the fields changed for the upstream leg (a network's
  /// transformations record there); every answer gets the acquirer's view of them back.
  iso8583::original_fields& acquirer_fields() noexcept { return acquirer_fields_; }

  /// The same, read-only.
  const iso8583::original_fields& acquirer_fields() const noexcept { return acquirer_fields_; }

  /// Asks `watcher` to hear of approvals of this exchange that do not reach the acquirer;
  /// `urgent`: they are written to the acquirer at once, not gathered with other replies.
  void watch_delivery(std::weak_ptr<delivery_watcher> watcher, bool urgent = false) {
    watcher_ = std::move(watcher);
    urgent_ = urgent;
  }

  /// Returns whether the acquirer's connection is still open (true when unknown).
  bool is_connection_open() const noexcept;

  /// Sends `response` back (acquirer fields restored); returns false when the exchange was
  /// already answered. An approval of a watched exchange is sent with this exchange as its
  /// guard, unless `guarded` is false (the caller found the acquirer gone and reversed it).
  bool answer(iso8583::message& response, bool guarded = true);

  /// The same, for a response the caller does not keep.
  bool answer(iso8583::message&& response) { return answer(response); }

  /// Settles forward record `id` once the approval this exchange is answered with has been
  /// written to the acquirer (not before: a crash in between would forget it was not).
  void settle_on_delivery(std::uint64_t id) noexcept { forward_id_ = id; }

  /// Returns the forward record waiting on this exchange's delivery, 0 when none.
  std::uint64_t forward_id() const noexcept { return forward_id_; }

  /// The approval sent did not reach the acquirer: tells the watcher.
  void undelivered() override;

  /// The approval sent was written to the acquirer: tells the watcher.
  void delivered() override;

  bool is_urgent() const noexcept override { return urgent_; }

  /// Sends the request's response MTI with echo fields and field 39 = `code`; returns
  /// false when already answered.
  bool answer_code(std::string_view code);

  /// Answers with field 39 for `outcome` (field39_for).
  bool fail(errc outcome) override;

private:
  iso8583::message request_;
  iso8583::original_fields acquirer_fields_; // changed for the upstream leg
  reply_function reply_;
  const std::atomic<bool>* connection_open_ = nullptr; // valid while reply_ is set
  std::weak_ptr<delivery_watcher> watcher_;
  bool urgent_ = false;
  std::uint64_t forward_id_ = 0;
};

/// Builds the response to `request` carrying field 39 = `code` (echo fields copied); when the
/// request has no readable MTI the response has none either.
iso8583::message make_code_response(const iso8583::message& request, std::string_view code);

/// Returns whether field 39 = `code` approves the request (ISO 8583:1987: 00 approved, 08
/// honour with identification, 10 partial approval, 11 VIP approval, 16 approved, update
/// track 3).
bool is_approval(std::string_view code);

} // namespace switchyard
