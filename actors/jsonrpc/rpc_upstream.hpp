#pragma once

// One JSON-RPC network's data path on the node's I/O threads: its providers' keep-alive
// links (pooled, balanced, behind breakers), deadlines per call and per method, calls waiting
// for a free connection, and health probes, all on the network's one strand. Listener
// sessions hand it calls without a message hop; its connector starts it, stops it and reads
// its numbers. Asio only: no actors here.

#include "actors/io/data_path.hpp"
#include "actors/io/route_board.hpp"
#include "config/settings.hpp"

#include <memory>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// How an upstream is built.
struct rpc_upstream_setup {
  config::network_settings network;
  std::shared_ptr<boost::asio::ssl::context> tls; ///< null for plain HTTP
  std::shared_ptr<network_events> events;
  std::shared_ptr<network_tally> tally; ///< the node's counters of the network; null: own
};

/// A JSON-RPC network's data path; forward() is its network_port side, usable from any
/// thread.
class rpc_upstream : public network_port {
public:
  /// Starts connecting the network's pools.
  virtual void start() = 0;

  /// Closes every link for good; calls in flight or waiting are answered -32000, and any
  /// call forwarded afterwards is answered so at once.
  virtual void stop() = 0;

  /// Closes the breakers of `hosts` (indexes into the network's hosts), on the strand.
  virtual void reset_breakers(std::vector<std::size_t> hosts) = 0;

  /// Returns the numbers as of the strand's last step.
  virtual network_numbers numbers() const = 0;
};

/// Creates the upstream of `setup.network` on `io` (not started).
std::shared_ptr<rpc_upstream> make_rpc_upstream(boost::asio::io_context& io,
                                                rpc_upstream_setup setup);

} // namespace switchyard
