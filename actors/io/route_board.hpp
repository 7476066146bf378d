#pragma once

#include "actors/io/exchange.hpp"
#include "actors/io/network_tally.hpp"
#include "core/routing_table.hpp"
#include "protocols/iso8583/transformer.hpp"

#include <atomic>
#include <memory>
#include <vector>

namespace switchyard {

/// The way into one network's data path, usable from any thread without knowing actors.
class network_port {
public:
  virtual ~network_port() = default;

  /// Hands `exchanges` (of the network's protocol) to the network, which answers each.
  virtual void forward(std::vector<exchange_ptr> exchanges) = 0;
};

/// What sessions route with: an immutable routing table (availability included) and the
/// port of every network that has a connector, indexed like the table's networks.
struct route_snapshot {
  core::routing_table table;
  std::vector<std::shared_ptr<network_port>> ports;
  std::vector<std::shared_ptr<network_tally>> tallies; ///< may be shorter (no counting)
  /// ISO 8583 transformations indexed like the networks, null where a network has none; may
  /// be shorter. For route-test: each network's upstream applies its own.
  std::vector<std::shared_ptr<const iso8583::transformer>> transforms{};
};

/// Publishes the current route snapshot: the router actor is its only writer, listener
/// sessions read it on every request without a message hop.
class route_board {
public:
  /// Starts with an empty table.
  route_board();

  /// Returns the current snapshot (never null).
  std::shared_ptr<const route_snapshot> load() const {
    return current_.load(std::memory_order_acquire);
  }

  /// Replaces the snapshot.
  void store(std::shared_ptr<const route_snapshot> next) {
    current_.store(std::move(next), std::memory_order_release);
  }

private:
  std::atomic<std::shared_ptr<const route_snapshot>> current_;
};

} // namespace switchyard
