#pragma once

// JSON-RPC calls crossing the gateway: a request body's calls, each an exchange answered
// once, and the body answered as a whole once every call is (a batch in its order, without
// the notifications; nothing at all when only notifications came, JSON-RPC 2.0 §6).

#include "actors/io/exchange.hpp"
#include "protocols/jsonrpc/rpc.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard {

/// One request body and the answers to its calls, in order.
class rpc_batch {
public:
  /// Receives the whole answer: the body to send, or nothing (`empty`) when every call was
  /// a notification. Called once, on the thread that filled the last answer.
  using complete_function = std::function<void(std::string body, bool empty)>;

  /// Takes over `body` and reads it within `limits` (the calls' views point into the copy
  /// the batch keeps, so they stay valid as long as the batch).
  rpc_batch(std::string body, const jsonrpc::limits& limits, complete_function done);

  rpc_batch(const rpc_batch&) = delete;
  rpc_batch& operator=(const rpc_batch&) = delete;

  /// Returns the calls read from the body.
  const std::vector<jsonrpc::call>& calls() const noexcept { return parsed_.calls; }

  /// Returns why the body as a whole was refused (then there are no calls), or nothing.
  const std::optional<jsonrpc::error_object>& error() const noexcept { return parsed_.error; }

  /// Sets the answer of call `index` (empty for a notification); the last one completes the
  /// batch. Safe from any thread.
  void fill(std::size_t index, std::string answer);

private:
  std::string body_;
  jsonrpc::request_body parsed_;
  complete_function done_;
  std::mutex mutex_;
  std::vector<std::string> answers_;
  std::size_t left_;
};

/// One call of a batch on its way to a network and back.
class rpc_exchange final : public exchange {
public:
  /// Call `index` of `batch`, routed to `network`.
  rpc_exchange(std::shared_ptr<rpc_batch> batch, std::size_t index, std::string network);

  /// Returns the call (method, params and id as sent).
  const jsonrpc::call& call() const noexcept { return batch_->calls()[index_]; }

  /// Returns the network the call was routed to.
  const std::string& network() const noexcept { return network_; }

  /// Answers with `result` (JSON text); false when answered already.
  bool answer_result(std::string_view result);

  /// Answers with the provider's error object `error` (JSON text); false when answered.
  bool answer_error(std::string_view error);

  /// Answers with the error object for `outcome` (rpc_error_for).
  bool fail(errc outcome) override;

  /// Answers with the error object for `outcome`, saying why in its data.
  bool fail(errc outcome, std::string_view reason);

  /// Returns whether no answer is owed (a notification).
  bool is_notification() const noexcept { return call().is_notification(); }

  /// Settles a notification at once (no answer is owed, so the body's answer need not wait
  /// for the provider); it still goes upstream, and whatever comes back is dropped.
  void settle_notification();

private:
  bool finish(std::string answer);

  std::shared_ptr<rpc_batch> batch_;
  std::size_t index_;
  std::string network_;
};

/// Shared ownership of a JSON-RPC exchange.
using rpc_exchange_ptr = std::shared_ptr<rpc_exchange>;

} // namespace switchyard
