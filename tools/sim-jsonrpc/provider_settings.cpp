#include "tools/sim-jsonrpc/provider_settings.hpp"

#include "tools/common/cli_parse.hpp"
#include "tools/common/command_line.hpp"
#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <functional>
#include <string_view>

namespace switchyard::rpc_sim {

namespace {

using tools::parse_number;

std::optional<double> parse_fraction(std::string_view text) {
  auto value = parse_number<double>(text);
  return value && *value >= 0 && *value <= 1 ? value : std::nullopt;
}

// "0x1f" as hex, anything else as decimal.
std::optional<std::uint64_t> parse_hex_or_decimal(std::string_view text) {
  if (text.starts_with("0x"))
    return parse_quantity(text);
  return parse_number<std::uint64_t>(text);
}

bool parse_listen(provider_settings& s, std::string_view text) {
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

using setter = std::function<bool(provider_settings&, std::string_view)>;

setter text(std::string provider_settings::*field) {
  return [field](provider_settings& s, std::string_view v) {
    s.*field = v;
    return !v.empty();
  };
}

setter rate(double fault_rates::*field) {
  return [field](provider_settings& s, std::string_view v) {
    return assign(parse_fraction(v), [&](double p) { s.faults.*field = p; });
  };
}

using option = tools::option_spec<provider_settings>;

// Every option, documented, with how to store it.
const std::vector<option>& options() {
  static const std::vector<option> table{
    {{"--listen", "ADDR:PORT",
      "address and port to listen on; port 0: the system chooses one\n"
      "(the \"listening on\" line names it)",
      "127.0.0.1:0"},
     parse_listen},
    {{"--name", "NAME", "shown in log lines and in web3_clientVersion", "sim"},
     text(&provider_settings::name)},
    {{"--threads", "N", "I/O threads, 1..64", "1"},
     [](auto& s, auto v) {
       auto n = parse_number<int>(v);
       return assign(n && *n >= 1 && *n <= 64 ? n : std::nullopt, [&](int t) { s.threads = t; });
     }},
    {{"--seed", "N", "seed of the random draws (faults, latency), for reproducible runs",
      "a random seed"},
     [](auto& s, auto v) {
       return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.seed = n; });
     }},
    {{"--chain-id", "ID", "eth_chainId and net_version: 0x-prefixed hex or decimal, not 0", "0x1"},
     [](auto& s, auto v) {
       auto id = parse_hex_or_decimal(v);
       return assign(id && *id > 0 ? id : std::nullopt, [&](auto n) { s.chain_id = n; });
     }},
    {{"--start-block", "N", "eth_blockNumber at start, 0x-prefixed hex or decimal", "0x1000000"},
     [](auto& s, auto v) {
       return assign(parse_hex_or_decimal(v), [&](auto n) { s.start_block = n; });
     }},
    {{"--block-interval-ms", "N", "one new block every N ms (N > 0)", "1000"},
     [](auto& s, auto v) {
       auto ms = parse_number<std::uint32_t>(v);
       return assign(ms && *ms > 0 ? ms : std::nullopt,
                     [&](auto n) { s.block_interval = std::chrono::milliseconds{n}; });
     }},
    {{"--latency-ms", "DIST",
      "delay before each answer, in ms: fixed (5), uniform:MIN:MAX or\n"
      "normal:MEAN:STDDEV",
      "0"},
     [](auto& s, auto v) {
       return assign(sim::parse_latency_model(v), [&](auto m) { s.latency = m; });
     }},
    {{"--error-rate", "P", "fraction (0..1) of calls answered -32000 \"simulated failure\"", "0"},
     rate(&fault_rates::error)},
    {{"--http-429-rate", "P", "fraction (0..1) of HTTP requests answered 429 with Retry-After",
      "0"},
     rate(&fault_rates::http_429)},
    {{"--http-5xx-rate", "P", "fraction (0..1) of HTTP requests answered 503", "0"},
     rate(&fault_rates::http_5xx)},
    {{"--hang-rate", "P",
      "fraction (0..1) of requests never answered (the connection stays\n"
      "open)",
      "0"},
     rate(&fault_rates::hang)},
    {{"--malformed-rate", "P", "fraction (0..1) of requests answered with a body that is not JSON",
      "0"},
     rate(&fault_rates::malformed)},
    {{"--drop-rate", "P",
      "fraction (0..1) of requests answered by closing the connection;\n"
      "this and the four rates above add up to 1 at most",
      "0"},
     rate(&fault_rates::drop)},
    {{"--tls-cert", "FILE",
      "serve HTTPS and WSS with this certificate chain (PEM); needs\n"
      "--tls-key",
      "none: plain HTTP and WS"},
     text(&provider_settings::tls_cert)},
    {{"--tls-key", "FILE", "the private key (PEM) of --tls-cert", "none"},
     text(&provider_settings::tls_key)},
    {{"--idle-timeout-s", "S", "close HTTP connections silent for S seconds; 0: never", "300"},
     [](auto& s, auto v) {
       return assign(parse_number<std::uint32_t>(v),
                     [&](auto n) { s.idle_timeout = std::chrono::seconds{n}; });
     }},
    {{"--verbose", "", "log every request and answer", ""},
     [](auto& s, auto) {
       return s.verbose = true;
     }},
  };
  return table;
}

std::string check(const provider_settings& s) {
  if (s.tls_cert.empty() != s.tls_key.empty())
    return "--tls-cert and --tls-key go together";
  // Each fault owns its own slice of one draw (fault_plan.hpp), so the slices must fit.
  if (s.faults.transport_total() > 1.0 + 1e-9)
    return "--http-429-rate, --http-5xx-rate, --hang-rate, --malformed-rate and --drop-rate "
           "add up to more than 1";
  return {};
}

} // namespace

provider_settings_result parse_provider_settings(const std::vector<std::string>& args) {
  provider_settings s;
  auto outcome = tools::apply_options(args, options(), s);
  if (outcome.help)
    return {std::nullopt, {}, true};
  if (!outcome.error.empty())
    return {std::nullopt, outcome.error};
  if (auto why = check(s); !why.empty())
    return {std::nullopt, why};
  return {s, {}};
}

const tools::manual& provider_manual() {
  static const tools::manual page{
    .name = "sim-jsonrpc",
    .summary = "an Ethereum-like JSON-RPC 2.0 provider over HTTP and WebSocket",
    .synopsis = "sim-jsonrpc [OPTION]...",
    .description
    = "Plays the node provider behind a gateway: answers JSON-RPC 2.0 calls and batches over\n"
      "HTTP POST and over WebSocket (the same port, plain or TLS) for eth_chainId,\n"
      "net_version, web3_clientVersion, eth_blockNumber, eth_getBalance, eth_call,\n"
      "eth_getLogs, eth_sendRawTransaction, eth_getBlockByNumber, and eth_subscribe/\n"
      "eth_unsubscribe (newHeads) on WebSocket. A new block comes every --block-interval-ms.\n"
      "Latency and faults (errors, 429, 503, hangs, garbage, dropped connections) are\n"
      "injected on request. It prints \"listening on ADDR:PORT\" once it accepts\n"
      "connections, and its counters when it stops.",
    .options = tools::docs_of(options()),
    .extra = {},
    .exit_status = "0  stopped by SIGINT or SIGTERM\n"
                   "1  cannot listen on --listen\n"
                   "2  usage error, or TLS files that cannot be used",
    .files = "--tls-cert, --tls-key FILE (read at start)",
    .signals = "SIGINT, SIGTERM  stop accepting, print the counters and exit 0",
    .examples
    = "sim-jsonrpc --listen 127.0.0.1:8545 --block-interval-ms 500\n"
      "sim-jsonrpc --listen 127.0.0.1:0 --latency-ms normal:5:2 --http-429-rate 0.01\n"
      "curl -s 127.0.0.1:8545 -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}'",
  };
  return page;
}

} // namespace switchyard::rpc_sim
