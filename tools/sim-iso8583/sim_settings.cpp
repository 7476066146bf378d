#include "tools/sim-iso8583/sim_settings.hpp"

#include "tools/common/cli_parse.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <string_view>

namespace switchyard::sim {

const char* const sim_usage = R"(usage: sim-iso8583 [options]
  --listen ADDR:PORT        listen address (default 127.0.0.1:0, port 0: the OS chooses)
  --dialect NAME|FILE.toml  iso87-ascii (default), iso87-binary, iso87-ascii-binary-bitmap
  --framing KIND            len2 (default), len2-inclusive, ascii4, bcd2
  --header-bytes N          fixed header after the length prefix (5: TPDU, swapped in replies)
  --name NAME               shown in log lines (default sim)
  --latency-ms DIST         0 (default), 5, uniform:1:10, normal:5:2
  --error-rate P            fraction of approvals answered 96 (default 0)
  --drop-rate P             fraction of requests never answered (default 0)
  --advice-error-rate P     fraction of reversal advices (0420/0421) answered 0430 with 96
                            instead of 00 (default 0)
  --disconnect-after N      close a connection after N responses (default 0: never)
  --decline-above MINOR     amounts above this are answered 51 (default 100000)
  --seed N                  seed for reproducible randomness
  --threads N               I/O threads (default 1)
  --tls-cert FILE --tls-key FILE   serve TLS
  --tls-ca FILE             require client certificates signed by this CA (mTLS)
  --idle-timeout-s S        close connections silent for S seconds (default 300, 0: never)
  --ledger FILE             append one tab-separated line per financial request
                            (request MTI RRN STAN TID OUTCOME) and per reversal
                            (advice MTI RRN STAN TID ORIG90 CODE) to FILE
  --verbose                 log every request and response, PAN masked
  --help
)";

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

using setter = std::function<bool(sim_settings&, std::string_view)>;

setter text(std::string sim_settings::*field) {
  return [field](sim_settings& s, std::string_view v) {
    s.*field = v;
    return !v.empty();
  };
}

struct option {
  std::string_view name;
  setter set;
};

// Every option that takes a value, with how to store it.
const std::array<option, 18> options{{
  {"--listen", parse_listen},
  {"--dialect", text(&sim_settings::dialect)},
  {"--framing",
   [](auto& s, auto v) {
     return assign(iso8583::parse_framing_kind(v), [&](auto k) { s.framing.kind = k; });
   }},
  {"--header-bytes",
   [](auto& s, auto v) {
     return assign(parse_number<std::size_t>(v), [&](auto n) { s.framing.header_bytes = n; });
   }},
  {"--name", text(&sim_settings::name)},
  {"--latency-ms",
   [](auto& s, auto v) {
     return assign(parse_latency_model(v), [&](auto m) { s.latency = m; });
   }},
  {"--error-rate",
   [](auto& s, auto v) {
     return assign(parse_fraction(v), [&](auto p) { s.rules.error_rate = p; });
   }},
  {"--drop-rate",
   [](auto& s, auto v) {
     return assign(parse_fraction(v), [&](auto p) { s.rules.drop_rate = p; });
   }},
  {"--advice-error-rate",
   [](auto& s, auto v) {
     return assign(parse_fraction(v), [&](auto p) { s.rules.advice_error_rate = p; });
   }},
  {"--disconnect-after",
   [](auto& s, auto v) {
     return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.disconnect_after = n; });
   }},
  {"--decline-above",
   [](auto& s, auto v) {
     return assign(parse_number<std::int64_t>(v), [&](auto n) { s.rules.decline_above = n; });
   }},
  {"--seed",
   [](auto& s, auto v) {
     return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.seed = n; });
   }},
  {"--threads",
   [](auto& s, auto v) {
     auto n = parse_number<int>(v);
     return assign(n && *n >= 1 && *n <= 64 ? n : std::nullopt, [&](int t) { s.threads = t; });
   }},
  {"--tls-cert", text(&sim_settings::tls_cert)},
  {"--tls-key", text(&sim_settings::tls_key)},
  {"--tls-ca", text(&sim_settings::tls_ca)},
  {"--ledger", text(&sim_settings::ledger)},
  {"--idle-timeout-s",
   [](auto& s, auto v) {
     return assign(parse_number<std::uint32_t>(v),
                   [&](auto n) { s.idle_timeout = std::chrono::seconds{n}; });
   }},
}};

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
  auto outcome = tools::apply_options(args, options, s);
  if (outcome.help)
    return {std::nullopt, {}, true};
  if (!outcome.error.empty())
    return {std::nullopt, outcome.error};
  if (auto why = check(s); !why.empty())
    return {std::nullopt, why};
  return {s, {}};
}

} // namespace switchyard::sim
