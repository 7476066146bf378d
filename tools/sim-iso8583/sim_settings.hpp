#pragma once

#include "protocols/iso8583/framing.hpp"
#include "tools/common/manual.hpp"
#include "tools/sim-iso8583/issuer.hpp"
#include "tools/sim-iso8583/latency_model.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::sim {

/// Everything sim-iso8583 is told on its command line, validated.
struct sim_settings {
  std::string host = "127.0.0.1";         ///< address to listen on
  std::uint16_t port = 0;                 ///< port to listen on; 0 lets the OS choose
  std::string dialect = "iso87-ascii";    ///< built-in dialect name or dialect TOML file
  iso8583::framing_settings framing;      ///< length prefix and fixed header
  std::string name = "sim";               ///< shown in every log line
  latency_model latency;                  ///< delay before each response
  issuer_rules rules;                     ///< decline threshold, error and drop rates
  std::uint64_t disconnect_after = 0;     ///< close a connection after this many responses; 0 never
  std::optional<std::uint64_t> seed;      ///< fixed seed for reproducible randomness
  int threads = 1;                        ///< threads running the io_context
  std::string tls_cert;                   ///< server certificate chain (PEM); empty: plain TCP
  std::string tls_key;                    ///< server private key (PEM)
  std::string tls_ca;                     ///< CA (PEM) that client certificates must chain to
  std::chrono::seconds idle_timeout{300}; ///< close a connection silent this long; 0 never
  std::string ledger;                     ///< file every decision is appended to; empty: none
  bool verbose = false;                   ///< log every request and response (masked)
};

/// A parsed command line: settings, a usage error, or a request for help.
struct sim_settings_result {
  std::optional<sim_settings> settings; ///< set when the command line is valid
  std::string error;                    ///< why it is not, when neither settings nor help
  bool help = false;                    ///< --help was given
};

/// Parses the arguments that follow the program name.
sim_settings_result parse_sim_settings(const std::vector<std::string>& args);

/// The manual --help prints, listing every option parse_sim_settings accepts.
const tools::manual& sim_manual();

} // namespace switchyard::sim
