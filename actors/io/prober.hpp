#pragma once

// Active health probes of one network, whatever its protocol, as its [networks.health_check]
// asks: every interval ± jitter the protocol's own probe on one of its connections (ISO 8583
// echo test, a JSON-RPC method call), or a TCP connect to each of its hosts. Runs on the
// network's strand; Asio only, no actors.

#include "actors/io/strand.hpp"
#include "config/settings.hpp"
#include "core/random_source.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace switchyard {

/// Probes one network until stopped; create with make_network_prober.
class network_prober {
public:
  /// Receives each round's outcome of a TCP probe, or an echo probe that could not be sent.
  using report_function = std::function<void(bool ok, std::string detail)>;

  /// Sends the protocol's probe (an ISO 8583 echo test, a JSON-RPC call) on some connection
  /// that is up, answered within `timeout` or the connection is dropped (its outcome is the
  /// connection's to report); false when none is up.
  using echo_function = std::function<bool(std::chrono::milliseconds timeout)>;

  virtual ~network_prober() = default;

  /// Starts probing; the first probe is one interval away.
  virtual void start() = 0;

  /// Stops probing; call on the strand. No report follows.
  virtual void stop() = 0;
};

/// Creates the prober of `network` (health_check.kind echo or jsonrpc_method: `echo`;
/// tcp_connect) on `strand`; null for kind none. `echo` and `report` are called on the
/// strand.
std::shared_ptr<network_prober> make_network_prober(const io_strand& strand,
                                                    const config::network_settings& network,
                                                    core::unit_random random,
                                                    network_prober::echo_function echo,
                                                    network_prober::report_function report);

} // namespace switchyard
