#pragma once

// Requests this node relayed to the nodes hosting their networks, until their answers come
// back: each is answered exactly once, by its answer, by a failover when its node is lost,
// or by its deadline (a safety net: the hosting node answers timeouts itself). No actors.

#include "actors/io/exchange.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace switchyard {

class protocol_factory;

/// The table of relayed requests awaiting answers; thread-safe.
class relay_hub {
public:
  /// `io` runs deferred work (see defer); it must outlive the hub.
  explicit relay_hub(boost::asio::io_context& io) : io_(io) {}

  /// One relayed request.
  struct entry {
    exchange_ptr request;
    const protocol_factory* protocol = nullptr; ///< reads its answer
    std::string node;                           ///< where it went
    core::time_point deadline;
  };

  /// Records `request`, relayed to `node`; returns the id its answer will carry.
  std::uint64_t add(const std::string& node, exchange_ptr request, const protocol_factory& protocol,
                    core::time_point deadline);

  /// Takes the request answer `id` belongs to; nothing when it was settled already.
  std::optional<entry> take(std::uint64_t id);

  /// Answers every request relayed to `node` with `outcome` (the node was lost); returns
  /// how many.
  std::size_t fail_node(const std::string& node, errc outcome);

  /// Answers every request whose deadline passed with errc::upstream_timeout; returns how
  /// many.
  std::size_t sweep(core::time_point now);

  /// Returns how many requests await their answers.
  std::size_t in_flight() const;

  /// Runs `work` on the I/O threads after what they are doing now: answers to relayed
  /// requests gathered meanwhile then leave in one message.
  void defer(std::function<void()> work);

private:
  boost::asio::io_context& io_;
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, entry> entries_;
};

} // namespace switchyard
