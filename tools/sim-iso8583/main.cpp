// sim-iso8583: an issuer simulator answering ISO 8583 requests over TCP or TLS.

#include "tools/sim-iso8583/sim_settings.hpp"
#include "tools/sim-iso8583/simulator.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace switchyard::sim;
  const auto parsed = parse_sim_settings(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.help) {
    std::cout << sim_usage;
    return 0;
  }
  if (!parsed.settings) {
    std::cerr << "sim-iso8583: " << parsed.error << "\n" << sim_usage;
    return 2;
  }
  return run_simulator(*parsed.settings);
}
