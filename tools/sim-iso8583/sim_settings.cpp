#include "tools/sim-iso8583/sim_settings.hpp"

#include "tools/common/cli_parse.hpp"
#include "tools/common/command_line.hpp"

#include <functional>
#include <string_view>

namespace switchyard::sim {

namespace {

using tools::parse_number;

std::optional<double> parse_fraction(std::string_view text) {
  auto value = parse_number<double>(text);
  return value && *value >= 0 && *value <= 1 ? value : std::nullopt;
}

bool parse_listen(sim_settings& s, std::string_view text) {
  auto endpoint = tools::parse_endpoint(text, true);
  if (!endpoint)
    return false;
  std::tie(s.host, s.port) = *endpoint;
  return true;
}

template <class T, class F>
bool assign(std::optional<T> value, F&& store) {
  if (value)
    store(*value);
  return value.has_value();
}

using option = tools::option_spec<sim_settings>;
using setter = std::function<bool(sim_settings&, std::string_view)>;

setter text(std::string sim_settings::*field) {
  return [field](sim_settings& s, std::string_view v) {
    s.*field = v;
    return !v.empty();
  };
}

setter fraction(double issuer_rules::*field) {
  return [field](sim_settings& s, std::string_view v) {
    return assign(parse_fraction(v), [&](double p) { s.rules.*field = p; });
  };
}

// Every option, documented, with how to store it.
const std::vector<option>& options() {
  static const std::vector<option> table{
    {{"--listen", "ADDR:PORT",
      "address and port to listen on; port 0: the system chooses one\n"
      "(the \"listening on\" line names it)",
      "127.0.0.1:0"},
     parse_listen},
    {{"--dialect", "NAME|FILE.toml",
      "message layout: iso87-ascii, iso87-binary,\n"
      "iso87-ascii-binary-bitmap, or a dialect file",
      "iso87-ascii"},
     text(&sim_settings::dialect)},
    {{"--framing", "KIND", "length prefix: len2, len2-inclusive, ascii4 or bcd2", "len2"},
     [](auto& s, auto v) {
       return assign(iso8583::parse_framing_kind(v), [&](auto k) { s.framing.kind = k; });
     }},
    {{"--header-bytes", "N",
      "fixed header after the length prefix (5: a TPDU, whose addresses\n"
      "are swapped in replies)",
      "0"},
     [](auto& s, auto v) {
       return assign(parse_number<std::size_t>(v), [&](auto n) { s.framing.header_bytes = n; });
     }},
    {{"--name", "NAME", "shown in every log line", "sim"}, text(&sim_settings::name)},
    {{"--latency-ms", "DIST",
      "delay before each answer, in ms: fixed (5), uniform:MIN:MAX or\n"
      "normal:MEAN:STDDEV",
      "0"},
     [](auto& s, auto v) {
       return assign(parse_latency_model(v), [&](auto m) { s.latency = m; });
     }},
    {{"--error-rate", "P", "fraction (0..1) of approvals answered 96 instead", "0"},
     fraction(&issuer_rules::error_rate)},
    {{"--drop-rate", "P", "fraction (0..1) of requests never answered", "0"},
     fraction(&issuer_rules::drop_rate)},
    {{"--advice-error-rate", "P",
      "fraction (0..1) of reversal advices (0420/0421) answered 0430\n"
      "with 96 instead of 00",
      "0"},
     fraction(&issuer_rules::advice_error_rate)},
    {{"--disconnect-after", "N", "close a connection after N answers; 0: never", "0"},
     [](auto& s, auto v) {
       return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.disconnect_after = n; });
     }},
    {{"--decline-above", "MINOR", "amounts above this (minor units) are answered 51", "100000"},
     [](auto& s, auto v) {
       return assign(parse_number<std::int64_t>(v), [&](auto n) { s.rules.decline_above = n; });
     }},
    {{"--seed", "N", "seed of the random draws (rates, latency), for reproducible runs",
      "a random seed"},
     [](auto& s, auto v) {
       return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.seed = n; });
     }},
    {{"--threads", "N", "I/O threads, 1..64", "1"},
     [](auto& s, auto v) {
       auto n = parse_number<int>(v);
       return assign(n && *n >= 1 && *n <= 64 ? n : std::nullopt, [&](int t) { s.threads = t; });
     }},
    {{"--tls-cert", "FILE", "serve TLS with this certificate chain (PEM); needs --tls-key",
      "none: plain TCP"},
     text(&sim_settings::tls_cert)},
    {{"--tls-key", "FILE", "the private key (PEM) of --tls-cert", "none"},
     text(&sim_settings::tls_key)},
    {{"--tls-ca", "FILE",
      "require client certificates that chain to this CA (PEM): mutual\n"
      "TLS; needs --tls-cert",
      "none: no client certificate asked for"},
     text(&sim_settings::tls_ca)},
    {{"--idle-timeout-s", "S", "close a connection silent for S seconds; 0: never", "300"},
     [](auto& s, auto v) {
       return assign(parse_number<std::uint32_t>(v),
                     [&](auto n) { s.idle_timeout = std::chrono::seconds{n}; });
     }},
    {{"--ledger", "FILE",
      "append one tab-separated line per financial request\n"
      "(request MTI RRN STAN TID OUTCOME) and per reversal advice\n"
      "(advice MTI RRN STAN TID ORIG90 CODE) to FILE",
      "none"},
     text(&sim_settings::ledger)},
    {{"--verbose", "", "log every request and answer, card numbers masked", ""},
     [](auto& s, auto) {
       return s.verbose = true;
     }},
  };
  return table;
}

std::string check(const sim_settings& s) {
  if (s.tls_cert.empty() != s.tls_key.empty())
    return "--tls-cert and --tls-key go together";
  if (!s.tls_ca.empty() && s.tls_cert.empty())
    return "--tls-ca needs --tls-cert and --tls-key";
  if (s.framing.header_bytes >= s.framing.max_frame_bytes)
    return "--header-bytes is larger than a frame";
  return {};
}

} // namespace

sim_settings_result parse_sim_settings(const std::vector<std::string>& args) {
  sim_settings s;
  auto outcome = tools::apply_options(args, options(), s);
  if (outcome.help)
    return {std::nullopt, {}, true};
  if (!outcome.error.empty())
    return {std::nullopt, outcome.error};
  if (auto why = check(s); !why.empty())
    return {std::nullopt, why};
  return {s, {}};
}

const tools::manual& sim_manual() {
  static const tools::manual page{
    .name = "sim-iso8583",
    .summary = "an issuer simulator answering ISO 8583 requests over TCP or TLS",
    .synopsis = "sim-iso8583 [OPTION]...",
    .description
    = "Plays the card network behind a gateway: listens on --listen and answers every\n"
      "authorisation and financial request (0100, 0200) with 00, 51 above --decline-above,\n"
      "or 96 at --error-rate; reversal advices (0420, 0421) with 0430. Latency, unanswered\n"
      "requests and cut connections are injected on request. It prints \"listening on\n"
      "ADDR:PORT\" once it accepts connections, and its counters when it stops.",
    .options = tools::docs_of(options()),
    .extra = {},
    .exit_status = "0  stopped by SIGINT or SIGTERM\n"
                   "1  cannot listen on --listen\n"
                   "2  usage error, or a dialect, TLS or ledger file that cannot be used",
    .files = "--dialect FILE.toml, --tls-cert/--tls-key/--tls-ca FILE (read at start),\n"
             "--ledger FILE (appended to, one line per decision)",
    .signals = "SIGINT, SIGTERM  stop accepting, print the counters and exit 0",
    .examples = "sim-iso8583 --listen 127.0.0.1:9101 --latency-ms uniform:1:5\n"
                "sim-iso8583 --listen 127.0.0.1:0 --drop-rate 0.01 --ledger issuer.ledger\n"
                "sim-iso8583 --tls-cert server.pem --tls-key server.key --tls-ca ca.pem",
  };
  return page;
}

} // namespace switchyard::sim
