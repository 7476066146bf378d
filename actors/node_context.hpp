#pragma once

#include "actors/io/network_tally.hpp"
#include "actors/io/start_barrier.hpp"
#include "config/settings.hpp"
#include "core/bin_tables.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace switchyard {

class admin_page_board;
class journal_cipher;
class network_catalog;
class port_directory;
class relay_hub;
class route_board;

/// What every actor of a node may need besides its own settings; lives as long as the node.
struct node_context {
  std::shared_ptr<const config::gateway_settings> settings;
  boost::asio::io_context* io = nullptr; ///< the node's I/O threads (outlive every actor)
  std::shared_ptr<route_board> routes;   ///< written by the router, read by listeners
  std::shared_ptr<port_directory> ports; ///< written by connectors, read by the router
  std::shared_ptr<const journal_cipher> state_cipher = nullptr; ///< seals journals; null: clear
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::shared_ptr<admin_page_board> admin_pages = nullptr; ///< served over admin HTTP; null: off
  std::shared_ptr<relay_hub> relays = nullptr; ///< requests relayed to other nodes; null: none
  /// Every network's counters: kept here, not in its connector, so they survive restarts.
  std::shared_ptr<network_tallies> tallies = std::make_shared<network_tallies>();
  /// The networks known now (configured, changed at runtime, learned from peers); start_node
  /// makes it from `settings` when null.
  std::shared_ptr<network_catalog> catalog = nullptr;
  /// Told of each listener's and connector's first start; null: nobody waits (tests).
  std::shared_ptr<start_barrier> start = nullptr;
  /// The BIN tables loaded at start; null: the router loads them from the files (tests).
  std::shared_ptr<const core::bin_tables> bins = nullptr;
};

/// The config key of a `[[listeners]]` or `[[networks]]` entry, such as "listeners[0] (acq)",
/// for sentences an operator can take straight to the file.
template <class Entries>
std::string config_key(const char* table, const Entries& entries, const std::string& name) {
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (entries[i].name == name)
      return std::string{table} + "[" + std::to_string(i) + "] (" + name + ")";
  return std::string{table} + " (" + name + ")";
}

} // namespace switchyard
