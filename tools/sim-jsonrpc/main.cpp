// sim-jsonrpc: an Ethereum-like JSON-RPC 2.0 provider over HTTP and WebSocket, plain or TLS,
// with injected latency and faults, for testing and benchmarking the gateway.

#include "tools/sim-jsonrpc/provider_settings.hpp"
#include "tools/sim-jsonrpc/server.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace switchyard::rpc_sim;
  const auto parsed = parse_provider_settings(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.help)
    return switchyard::tools::print_manual(provider_manual());
  if (!parsed.settings)
    return switchyard::tools::usage_error(provider_manual(), parsed.error);
  return run_server(*parsed.settings);
}
