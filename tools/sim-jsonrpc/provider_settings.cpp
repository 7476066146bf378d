#include "tools/sim-jsonrpc/provider_settings.hpp"

#include "tools/common/cli_parse.hpp"
#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

namespace switchyard::rpc_sim {

const char* const provider_usage = R"(usage: sim-jsonrpc [options]
  --listen ADDR:PORT        listen address (default 127.0.0.1:0, port 0: the OS chooses)
  --name NAME               shown in log lines and web3_clientVersion (default sim)
  --threads N               I/O threads (default 1)
  --seed N                  seed for reproducible randomness
  --chain-id ID             0x-prefixed hex or decimal (default 0x1)
  --start-block N           eth_blockNumber at start, hex or decimal (default 0x1000000)
  --block-interval-ms N     one new block every N ms (default 1000)
  --latency-ms DIST         0 (default), 5, uniform:1:10, normal:5:2
  --error-rate P            fraction of calls answered -32000 "simulated failure"
  --http-429-rate P         fraction of HTTP requests answered 429 with Retry-After
  --http-5xx-rate P         fraction of HTTP requests answered 503
  --hang-rate P             fraction of requests never answered (the connection stays open)
  --malformed-rate P        fraction of requests answered with a body that is not JSON
  --drop-rate P             fraction of requests answered by closing the connection
                            (rates are 0..1; all but --error-rate together at most 1)
  --tls-cert FILE --tls-key FILE   serve HTTPS and WSS
  --idle-timeout-s S        close HTTP connections silent for S seconds (default 300, 0: never)
  --verbose                 log every request and response
  --help
)";

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

struct option {
  std::string_view name;
  setter set;
};

// Every option that takes a value, with how to store it.
const std::array<option, 17> options{{
  {"--listen", parse_listen},
  {"--name", text(&provider_settings::name)},
  {"--threads",
   [](auto& s, auto v) {
     auto n = parse_number<int>(v);
     return assign(n && *n >= 1 && *n <= 64 ? n : std::nullopt, [&](int t) { s.threads = t; });
   }},
  {"--seed",
   [](auto& s, auto v) {
     return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.seed = n; });
   }},
  {"--chain-id",
   [](auto& s, auto v) {
     auto id = parse_hex_or_decimal(v);
     return assign(id && *id > 0 ? id : std::nullopt, [&](auto n) { s.chain_id = n; });
   }},
  {"--start-block",
   [](auto& s, auto v) {
     return assign(parse_hex_or_decimal(v), [&](auto n) { s.start_block = n; });
   }},
  {"--block-interval-ms",
   [](auto& s, auto v) {
     auto ms = parse_number<std::uint32_t>(v);
     return assign(ms && *ms > 0 ? ms : std::nullopt,
                   [&](auto n) { s.block_interval = std::chrono::milliseconds{n}; });
   }},
  {"--latency-ms",
   [](auto& s, auto v) {
     return assign(sim::parse_latency_model(v), [&](auto m) { s.latency = m; });
   }},
  {"--error-rate", rate(&fault_rates::error)},
  {"--http-429-rate", rate(&fault_rates::http_429)},
  {"--http-5xx-rate", rate(&fault_rates::http_5xx)},
  {"--hang-rate", rate(&fault_rates::hang)},
  {"--malformed-rate", rate(&fault_rates::malformed)},
  {"--drop-rate", rate(&fault_rates::drop)},
  {"--tls-cert", text(&provider_settings::tls_cert)},
  {"--tls-key", text(&provider_settings::tls_key)},
  {"--idle-timeout-s",
   [](auto& s, auto v) {
     return assign(parse_number<std::uint32_t>(v),
                   [&](auto n) { s.idle_timeout = std::chrono::seconds{n}; });
   }},
}};

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
  auto outcome = tools::apply_options(args, options, s);
  if (outcome.help)
    return {std::nullopt, {}, true};
  if (!outcome.error.empty())
    return {std::nullopt, outcome.error};
  if (auto why = check(s); !why.empty())
    return {std::nullopt, why};
  return {s, {}};
}

} // namespace switchyard::rpc_sim
