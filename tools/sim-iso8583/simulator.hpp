#pragma once

#include "tools/sim-iso8583/sim_settings.hpp"

namespace switchyard::sim {

/// Runs the simulator until SIGINT or SIGTERM, then prints the statistics; returns the exit
/// code (0 after a signal, 1 when it cannot listen, 2 for a bad dialect or TLS file).
int run_simulator(const sim_settings& settings);

} // namespace switchyard::sim
