#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace switchyard::rpc_sim {

/// A simulated chain whose head advances by one block every interval from a start block;
/// every block's contents are derived from its number alone, so answers repeat across runs.
class chain {
public:
  /// The clock the head follows.
  using clock = std::chrono::steady_clock;

  /// Starts `start_block` at `start` (whose wall-clock time is `start_unix_ms`).
  chain(std::uint64_t chain_id, std::uint64_t start_block, std::chrono::milliseconds interval,
        clock::time_point start, std::int64_t start_unix_ms);

  /// Returns the chain id.
  std::uint64_t id() const { return id_; }

  /// Returns the head block's number at `now`.
  std::uint64_t head(clock::time_point now) const;

  /// Returns when `block` becomes the head (the start time for blocks up to the start block).
  clock::time_point time_of(std::uint64_t block) const;

  /// Returns the block's hash: "0x" and 64 hex digits.
  std::string hash_of(std::uint64_t block) const;

  /// Returns the block's timestamp in Unix seconds.
  std::uint64_t timestamp_of(std::uint64_t block) const;

  /// Returns the block's header as eth_subscribe("newHeads") pushes it.
  boost::json::object header(std::uint64_t block) const;

  /// Returns the block as eth_getBlockByNumber answers it: transaction hashes, or whole
  /// transactions when `full`.
  boost::json::object block(std::uint64_t number, bool full) const;

private:
  std::uint64_t id_;
  std::uint64_t start_block_;
  std::chrono::milliseconds interval_;
  clock::time_point start_;
  std::int64_t start_unix_ms_;
};

} // namespace switchyard::rpc_sim
