#pragma once

// A JSON-RPC provider for upstream tests on real loopback sockets, on the test's io_context:
// it records every call it is sent (HTTP/1.1 POSTs, pipelined or not) and answers each as a
// script says: a result under the call's own id, any status and body, no answer at all (held
// until the test releases it, or never), or a connection closed mid-call.

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace switchyard::test {

/// One call as the provider received it.
struct provider_call {
  std::string body;   ///< the request body as sent
  std::string id;     ///< its id's JSON text; empty for a notification
  std::string method; ///< empty when the body is no request
  std::string params; ///< JSON text; empty when absent
};

/// What the provider does with one call.
struct provider_reply {
  enum class kind {
    answer, ///< an HTTP response with `status`, `headers` and `body`
    hold,   ///< no answer until release() (calls behind it on the connection wait too)
    close,  ///< the connection is closed, the call unanswered
    raw,    ///< `body` written as is, not as an HTTP response
  };
  kind what = kind::answer;
  unsigned status = 200;
  std::string headers; ///< whole "Name: value\r\n" lines
  std::string body;

  /// Returns a 200 answer to `call` with `result` (JSON text) under the call's id.
  static provider_reply result(const provider_call& call, std::string_view result);
};

/// Decides the reply to each call.
using provider_script = std::function<provider_reply(const provider_call&)>;

/// A scripted provider listening on 127.0.0.1.
class fake_provider {
public:
  /// Listens on a port the OS chooses; answers every call with its params as the result
  /// (null when absent) and notifications with 204, until told otherwise.
  explicit fake_provider(boost::asio::io_context& io);

  ~fake_provider();

  /// Returns the port it listens on.
  std::uint16_t port() const;

  /// Replaces the script.
  void script(provider_script s);

  /// Returns every call received so far, oldest first.
  const std::vector<provider_call>& received() const;

  /// Returns how many connections are open.
  std::size_t connections() const;

  /// Answers the oldest held call with `reply`; false when none is held.
  bool release(const provider_reply& reply);

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

} // namespace switchyard::test
