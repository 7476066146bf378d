#pragma once

#include "protocols/iso8583/framing.hpp"
#include "tools/common/manual.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::loadgen {

/// Everything loadgen-iso8583 is told on its command line, validated.
struct loadgen_settings {
  std::string host;                        ///< target address or name
  std::uint16_t port = 0;                  ///< target port
  std::uint32_t connections = 1;           ///< TCP connections
  std::uint32_t in_flight = 0;             ///< total outstanding requests, spread evenly
  double rate = 0;                         ///< total requests per second; 0: closed loop
  bool closed_loop = false;                ///< --max was given (excludes a rate)
  std::uint64_t requests = 0;              ///< total requests; 0: until the duration ends
  std::chrono::microseconds duration{0};   ///< how long to send; 0: until `requests`
  std::string dialect = "iso87-ascii";     ///< built-in dialect name or dialect TOML file
  iso8583::framing_settings framing;       ///< length prefix and fixed header
  std::string tls_ca;                      ///< CA (PEM) the server must chain to; enables TLS
  std::string tls_cert;                    ///< client certificate (PEM) for mutual TLS
  std::string tls_key;                     ///< client private key (PEM)
  std::vector<std::string> pans;           ///< card numbers (or BINs) used in rotation
  std::string mti = "0200";                ///< request MTI
  std::int64_t amount_min = 1000;          ///< smallest amount, minor units
  std::int64_t amount_max = 1000;          ///< largest amount, minor units
  std::string currency = "840";            ///< field 49
  std::chrono::milliseconds timeout{5000}; ///< per request
  std::optional<std::uint64_t> seed;       ///< fixed seed for reproducible amounts
  int threads = 1;                         ///< threads running the io_context
  bool json = false;                       ///< print the summary as one JSON line
  std::optional<std::uint8_t> rrn_prefix;  ///< first digit of every RRN (field 37), 0..9
  std::string ledger;                      ///< file every request and answer is appended to
  std::chrono::milliseconds timeline{0};   ///< slice width of the JSON timeline; 0: none
};

/// A parsed command line: settings, a usage error, or a request for help.
struct loadgen_settings_result {
  std::optional<loadgen_settings> settings; ///< set when the command line is valid
  std::string error;                        ///< why it is not, when neither settings nor help
  bool help = false;                        ///< --help was given
};

/// Parses the arguments that follow the program name; fills the defaults that depend on
/// other options (in-flight = connections, 1000 requests when neither count nor duration).
loadgen_settings_result parse_loadgen_settings(const std::vector<std::string>& args);

/// Returns `bin_or_pan` when it has 12 or more digits, else a 16-digit card number starting
/// with it, varied by `variant`, with a valid Luhn check digit.
std::string expand_pan(const std::string& bin_or_pan, std::uint32_t variant);

/// The manual --help prints, listing every option parse_loadgen_settings accepts.
const tools::manual& loadgen_manual();

} // namespace switchyard::loadgen
