#pragma once

#include "tools/sim-jsonrpc/provider_settings.hpp"

namespace switchyard::rpc_sim {

/// Runs the simulator until SIGINT or SIGTERM, then prints the statistics; returns the exit
/// code (0 after a signal, 1 when it cannot listen, 2 for unusable TLS files).
int run_server(const provider_settings& settings);

} // namespace switchyard::rpc_sim
