#pragma once

// One persistent HTTP/1.1 keep-alive connection to a JSON-RPC provider: calls written as
// POST requests (pipelined up to the network's depth), answers read in order and handed to
// the network's upstream with the token each call was sent under. Asio and Beast only.

#include "actors/io/upstream_connection.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard {

/// What a provider answered to one call.
struct rpc_reply {
  unsigned status = 0; ///< HTTP status
  std::string body;
  std::string retry_after; ///< the Retry-After header of a 429 or 503, when sent
};

/// Receives what happens on links; implemented by the network's upstream, called on the
/// links' strand.
class rpc_link_events {
public:
  virtual ~rpc_link_events() = default;

  /// The link is connected and takes calls.
  virtual void on_link_up(std::uint32_t link) = 0;

  /// The link is gone; the calls in flight on it (their tokens, oldest first) have no answer.
  virtual void on_link_down(std::uint32_t link, std::string reason, std::vector<std::uint64_t> lost)
    = 0;

  /// The answer to the call sent under `token` arrived.
  virtual void on_reply(std::uint32_t link, std::uint64_t token, rpc_reply reply) = 0;
};

/// How one link reaches its provider.
struct rpc_link_settings {
  connection_target target;
  std::string host_header; ///< the Host header's value
  std::string path = "/";
  std::size_t max_response_bytes = std::size_t{64} << 20;
};

/// A self-healing HTTP/1.1 connection to a provider.
class rpc_link final : public upstream_connection {
public:
  rpc_link(const io_strand& strand, rpc_link_settings settings,
           std::shared_ptr<rpc_link_events> events);

  ~rpc_link() override;

  /// Starts connecting (and reconnecting after failures) until stop().
  void start() { begin(); }

  /// Closes for good; no event afterwards. On the strand.
  void stop() { halt(); }

  /// Replaces the connection at once (pool recycling); call when nothing is in flight. On
  /// the strand.
  void recycle() { replace_connection(); }

  /// Drops the connection with `reason` (a call on it timed out: what follows it in the
  /// pipeline cannot be answered sooner). On the strand.
  void fail(const std::string& reason) { drop(reason); }

  /// Sends the JSON-RPC request `body` under `token`; false when the link is not up. On
  /// the strand.
  bool send(std::uint64_t token, std::string_view body);

  /// Returns whether the link is up.
  bool is_up() const noexcept { return up_; }

  /// Returns how many calls are in flight on the link.
  std::size_t in_flight() const noexcept { return tokens_.size(); }

private:
  void on_connected() override;
  void on_dropped(const std::string& reason, bool was_connected) override;
  void on_closed() override;

  void do_read();
  void do_write();

  struct reader;

  rpc_link_settings settings_;
  std::shared_ptr<rpc_link_events> events_;
  std::shared_ptr<reader> reader_; ///< shared with the read in progress, which outlives a close
  std::string request_head_; ///< "POST path HTTP/1.1\r\nHost: ...\r\n..." up to Content-Length
  std::deque<std::uint64_t> tokens_; ///< calls in flight, oldest first
  std::vector<std::uint64_t> lost_;  ///< of a connection just closed, until reported
  std::string out_queue_;
  std::string out_writing_;
  bool writing_ = false;
  bool write_posted_ = false;
  bool up_ = false;
};

} // namespace switchyard
