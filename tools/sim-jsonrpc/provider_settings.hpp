#pragma once

#include "tools/common/manual.hpp"
#include "tools/sim-iso8583/latency_model.hpp"
#include "tools/sim-jsonrpc/fault_plan.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::rpc_sim {

/// Everything sim-jsonrpc is told on its command line, validated.
struct provider_settings {
  std::string host = "127.0.0.1";                 ///< address to listen on
  std::uint16_t port = 0;                         ///< port to listen on; 0 lets the OS choose
  std::string name = "sim";                       ///< shown in log lines and the client version
  int threads = 1;                                ///< threads running the io_context
  std::optional<std::uint64_t> seed;              ///< fixed seed for reproducible randomness
  bool verbose = false;                           ///< log every request and response
  std::uint64_t chain_id = 1;                     ///< eth_chainId and net_version
  std::uint64_t start_block = 0x1000000;          ///< eth_blockNumber at start
  std::chrono::milliseconds block_interval{1000}; ///< one new block per interval
  sim::latency_model latency;                     ///< delay before each answer
  fault_rates faults;                             ///< how often each fault is injected
  std::string tls_cert;                           ///< certificate chain (PEM); empty: plain
  std::string tls_key;                            ///< private key (PEM)
  std::chrono::seconds idle_timeout{300};         ///< close HTTP connections silent this long
};

/// A parsed command line: settings, a usage error, or a request for help.
struct provider_settings_result {
  std::optional<provider_settings> settings; ///< set when the command line is valid
  std::string error;                         ///< why it is not, when neither settings nor help
  bool help = false;                         ///< --help was given
};

/// Parses the arguments that follow the program name.
provider_settings_result parse_provider_settings(const std::vector<std::string>& args);

/// The manual --help prints, listing every option parse_provider_settings accepts.
const tools::manual& provider_manual();

} // namespace switchyard::rpc_sim
