#pragma once

// Active health probes of one ISO 8583 network, as its [networks.health_check] asks: every
// interval ± jitter an echo test (0800, field 70 = 301) on one of its connections, or a TCP
// connect to each of its hosts. Runs on the network's strand; Asio only, no actors.

#include "actors/iso8583/iso_link.hpp"
#include "config/settings.hpp"
#include "core/random_source.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace switchyard {

/// Probes one network until stopped; create with make_iso_prober.
class iso_prober {
public:
  /// Receives each round's outcome of a TCP probe, or an echo probe that could not be sent.
  using report_function = std::function<void(bool ok, std::string detail)>;

  /// Sends an echo test on some connection that is up, answered within `timeout` or the
  /// connection is dropped (its outcome arrives as the link's on_echo); false when none is up.
  using echo_function = std::function<bool(std::chrono::milliseconds timeout)>;

  virtual ~iso_prober() = default;

  /// Starts probing; the first probe is one interval away.
  virtual void start() = 0;

  /// Stops probing; call on the strand. No report follows.
  virtual void stop() = 0;
};

/// Creates the prober of `network` (health_check.kind echo or tcp_connect) on `strand`;
/// null for kind none. `echo` and `report` are called on the strand.
std::shared_ptr<iso_prober> make_iso_prober(const iso_strand& strand,
                                            const config::network_settings& network,
                                            core::unit_random random,
                                            iso_prober::echo_function echo,
                                            iso_prober::report_function report);

} // namespace switchyard
