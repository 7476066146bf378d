// sim-iso8583: an issuer simulator answering ISO 8583 requests over TCP or TLS.

#include "tools/sim-iso8583/sim_settings.hpp"
#include "tools/sim-iso8583/simulator.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace switchyard::sim;
  const auto parsed = parse_sim_settings(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.help)
    return switchyard::tools::print_manual(sim_manual());
  if (!parsed.settings)
    return switchyard::tools::usage_error(sim_manual(), parsed.error);
  return run_simulator(*parsed.settings);
}
