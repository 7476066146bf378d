// loadgen-iso8583: an acquirer load generator measuring ISO 8583 throughput and latency.

#include "tools/loadgen-iso8583/load_run.hpp"
#include "tools/loadgen-iso8583/loadgen_settings.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace switchyard::loadgen;
  const auto parsed = parse_loadgen_settings(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.help) {
    std::cout << loadgen_usage;
    return 0;
  }
  if (!parsed.settings) {
    std::cerr << "loadgen-iso8583: " << parsed.error << "\n" << loadgen_usage;
    return 2;
  }
  return run_load(*parsed.settings);
}
