#include "actors/jsonrpc/rpc_exchange.hpp"

#include "actors/jsonrpc/rpc_outcome.hpp"

namespace switchyard {

rpc_batch::rpc_batch(std::string body, const jsonrpc::limits& limits, complete_function done)
    : body_(std::move(body)),
      parsed_(jsonrpc::parse_request_body(body_, limits)),
      done_(std::move(done)),
      answers_(parsed_.calls.size()),
      left_(parsed_.calls.size()) {}

void rpc_batch::fill(std::size_t index, std::string answer) {
  std::string whole;
  bool empty = true;
  {
    std::lock_guard guard{mutex_};
    answers_[index] = std::move(answer);
    if (--left_ > 0)
      return;
    if (!parsed_.batch) {
      whole = std::move(answers_.front());
      empty = whole.empty();
    } else {
      whole += '[';
      for (auto& a : answers_) {
        if (a.empty())
          continue; // a notification: no entry (JSON-RPC 2.0 §6)
        if (whole.size() > 1)
          whole += ',';
        whole += a;
      }
      whole += ']';
      empty = whole.size() == 2;
    }
  }
  done_(std::move(whole), empty);
}

rpc_exchange::rpc_exchange(std::shared_ptr<rpc_batch> batch, std::size_t index, std::string network)
    : batch_(std::move(batch)), index_(index), network_(std::move(network)) {}

bool rpc_exchange::finish(std::string answer) {
  if (!claim())
    return false;
  // A notification is owed no answer, whatever the provider said (JSON-RPC 2.0 §4.1).
  batch_->fill(index_, call().is_notification() ? std::string{} : std::move(answer));
  return true;
}

bool rpc_exchange::answer_result(std::string_view result) {
  std::string out;
  jsonrpc::append_result(out, call().id, result);
  return finish(std::move(out));
}

bool rpc_exchange::answer_error(std::string_view error) {
  std::string out;
  jsonrpc::append_error_text(out, call().id, error);
  return finish(std::move(out));
}

void rpc_exchange::settle_notification() {
  if (claim())
    batch_->fill(index_, {});
}

bool rpc_exchange::fail(errc outcome) {
  return fail(outcome, {});
}

bool rpc_exchange::fail(errc outcome, std::string_view reason) {
  if (is_answered())
    return false; // no error object to build
  std::string out;
  jsonrpc::append_error(out, call().id, rpc_error_for(outcome, network_, call().method, reason));
  return finish(std::move(out));
}

} // namespace switchyard
