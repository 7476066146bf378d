// loadgen-iso8583: an acquirer load generator measuring ISO 8583 throughput and latency.

#include "tools/loadgen-iso8583/load_run.hpp"
#include "tools/loadgen-iso8583/loadgen_settings.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace switchyard::loadgen;
  const auto parsed = parse_loadgen_settings(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.help)
    return switchyard::tools::print_manual(loadgen_manual());
  if (!parsed.settings)
    return switchyard::tools::usage_error(loadgen_manual(), parsed.error);
  return run_load(*parsed.settings);
}
