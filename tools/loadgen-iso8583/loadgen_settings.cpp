#include "tools/loadgen-iso8583/loadgen_settings.hpp"

#include "protocols/iso8583/response.hpp"
#include "tools/common/cli_parse.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <string_view>

namespace switchyard::loadgen {

const char* const loadgen_usage = R"(usage: loadgen-iso8583 --target ADDR:PORT [options]
  --connections N           TCP connections (default 1)
  --in-flight M             requests outstanding in total, spread evenly over the
                            connections (default: one per connection)
  --max                     closed loop: send as soon as an answer frees a slot (default)
  --rate R                  open loop: R requests per second in total, M in flight at most
  --requests N              requests in total (default 1000 unless --duration is given)
  --duration S              send for S seconds (with --requests: whichever ends first)
  --dialect NAME|FILE.toml  iso87-ascii (default), iso87-binary, iso87-ascii-binary-bitmap
  --framing KIND            len2 (default), len2-inclusive, ascii4, bcd2
  --header-bytes N          fixed header after the length prefix (zeros)
  --tls-ca FILE             use TLS; the server certificate must chain to FILE
  --tls-cert FILE --tls-key FILE   client certificate for mutual TLS
  --pan PAN                 card number (default 4111111111111111)
  --bins LIST               comma-separated card numbers or BINs, used in rotation
  --mti MTI                 0200 (default) or another request MTI such as 0100
  --amount MINOR|MIN:MAX    amount in minor units, or uniformly drawn (default 1000)
  --currency NNN            field 49 (default 840)
  --timeout-ms T            a request unanswered after T ms is a timeout (default 5000)
  --seed N                  seed for reproducible amounts
  --threads N               I/O threads (default 1)
  --json                    print the summary as one JSON object line
  --rrn-prefix D            field 37 is digit D, 3 digits of connection and 8 of sequence,
                            so that runs with different D never share an RRN (default: 3
                            digits of connection and 9 of sequence)
  --ledger FILE             append one tab-separated line per request sent (sent RRN STAN
                            TID), answer (answer RRN CODE), request given up (unanswered
                            RRN timeout|lost) and unmatched answer (late RRN CODE) to FILE
  --help
exit status: 0 every request answered, 1 some request unanswered, 2 usage error
)";

namespace {

using tools::parse_number;

template <class T>
std::optional<T> parse_positive(std::string_view text) {
  auto value = parse_number<T>(text);
  return value && *value > 0 ? value : std::nullopt;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool parse_target(loadgen_settings& s, std::string_view text) {
  auto endpoint = tools::parse_endpoint(text, false);
  if (!endpoint)
    return false;
  std::tie(s.host, s.port) = *endpoint;
  return true;
}

bool parse_pans(loadgen_settings& s, std::string_view text) {
  s.pans.clear();
  for (;;) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    if (!is_digits(item) || item.size() < 4 || item.size() > 19)
      return false;
    s.pans.emplace_back(item);
    if (comma == std::string_view::npos)
      return true;
    text.remove_prefix(comma + 1);
  }
}

bool parse_amount(loadgen_settings& s, std::string_view text) {
  const auto colon = text.find(':');
  const auto low = parse_number<std::int64_t>(text.substr(0, colon));
  const auto high
    = colon == std::string_view::npos ? low : parse_number<std::int64_t>(text.substr(colon + 1));
  if (!low || !high || *low < 0 || *high < *low || *high > 999999999999)
    return false;
  s.amount_min = *low;
  s.amount_max = *high;
  return true;
}

template <class T, class F>
bool assign(std::optional<T> value, F&& store) {
  if (value)
    store(*value);
  return value.has_value();
}

using setter = std::function<bool(loadgen_settings&, std::string_view)>;

bool is_filled(std::string_view s) {
  return !s.empty();
}

bool is_currency(std::string_view s) {
  return s.size() == 3 && is_digits(s);
}

bool is_request(std::string_view s) {
  return iso8583::is_request_mti(s);
}

setter text(std::string loadgen_settings::*field, bool (*valid)(std::string_view) = is_filled) {
  return [field, valid](loadgen_settings& s, std::string_view v) {
    s.*field = v;
    return valid(v);
  };
}

template <class T, class Member>
setter positive(Member member) {
  return [member](loadgen_settings& s, std::string_view v) {
    return assign(parse_positive<T>(v), [&](T n) { s.*member = n; });
  };
}

struct option {
  std::string_view name;
  setter set;
};

// Every option that takes a value, with how to store it.
const std::array<option, 22> options{{
  {"--target", parse_target},
  {"--connections", positive<std::uint32_t>(&loadgen_settings::connections)},
  {"--in-flight", positive<std::uint32_t>(&loadgen_settings::in_flight)},
  {"--rate", positive<double>(&loadgen_settings::rate)},
  {"--requests", positive<std::uint64_t>(&loadgen_settings::requests)},
  {"--duration",
   [](auto& s, auto v) {
     return assign(parse_positive<double>(v), [&](double secs) {
       s.duration = std::chrono::microseconds{static_cast<std::int64_t>(secs * 1e6)};
     });
   }},
  {"--dialect", text(&loadgen_settings::dialect)},
  {"--framing",
   [](auto& s, auto v) {
     return assign(iso8583::parse_framing_kind(v), [&](auto k) { s.framing.kind = k; });
   }},
  {"--header-bytes",
   [](auto& s, auto v) {
     return assign(parse_number<std::size_t>(v), [&](auto n) { s.framing.header_bytes = n; });
   }},
  {"--tls-ca", text(&loadgen_settings::tls_ca)},
  {"--tls-cert", text(&loadgen_settings::tls_cert)},
  {"--tls-key", text(&loadgen_settings::tls_key)},
  {"--pan",
   [](auto& s, auto v) {
     return v.find(',') == v.npos && parse_pans(s, v);
   }},
  {"--bins", parse_pans},
  {"--mti", text(&loadgen_settings::mti, is_request)},
  {"--amount", parse_amount},
  {"--currency", text(&loadgen_settings::currency, is_currency)},
  {"--timeout-ms",
   [](auto& s, auto v) {
     return assign(parse_positive<std::uint32_t>(v),
                   [&](auto ms) { s.timeout = std::chrono::milliseconds{ms}; });
   }},
  {"--seed",
   [](auto& s, auto v) {
     return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.seed = n; });
   }},
  {"--threads",
   [](auto& s, auto v) {
     auto n = parse_positive<int>(v);
     return assign(n && *n <= 64 ? n : std::nullopt, [&](int t) { s.threads = t; });
   }},
  {"--rrn-prefix",
   [](auto& s, auto v) {
     if (v.size() != 1 || !is_digits(v))
       return false;
     s.rrn_prefix = static_cast<std::uint8_t>(v[0] - '0');
     return true;
   }},
  {"--ledger", text(&loadgen_settings::ledger)},
}};

std::string check_and_default(loadgen_settings& s, bool closed_loop) {
  if (s.host.empty())
    return "--target ADDR:PORT is required";
  if (closed_loop && s.rate > 0)
    return "--rate and --max exclude each other";
  if (s.in_flight == 0)
    s.in_flight = s.connections;
  if (s.in_flight < s.connections)
    return "--in-flight must be at least --connections (each connection needs a slot)";
  if (s.in_flight / s.connections > 999999)
    return "--in-flight per connection cannot exceed 999999 (STANs are six digits)";
  if (s.requests == 0 && s.duration.count() == 0)
    s.requests = 1000;
  if (s.pans.empty())
    s.pans.emplace_back("4111111111111111");
  if (s.tls_cert.empty() != s.tls_key.empty())
    return "--tls-cert and --tls-key go together";
  if (!s.tls_cert.empty() && s.tls_ca.empty())
    return "--tls-cert needs --tls-ca";
  if (s.framing.header_bytes >= s.framing.max_frame_bytes)
    return "--header-bytes is larger than a frame";
  return {};
}

} // namespace

loadgen_settings_result parse_loadgen_settings(const std::vector<std::string>& args) {
  loadgen_settings s;
  bool closed_loop = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h")
      return {std::nullopt, {}, true};
    if (arg == "--max") {
      closed_loop = true;
      continue;
    }
    if (arg == "--json") {
      s.json = true;
      continue;
    }
    const auto* opt = std::find_if(options.begin(), options.end(),
                                   [&](const option& o) { return o.name == arg; });
    if (opt == options.end() || i + 1 >= args.size())
      return {std::nullopt, "unknown or incomplete argument '" + std::string(arg) + "'"};
    if (!opt->set(s, args[++i]))
      return {std::nullopt, "invalid value for " + std::string(arg) + ": '" + args[i] + "'"};
  }
  if (auto why = check_and_default(s, closed_loop); !why.empty())
    return {std::nullopt, why};
  return {s, {}};
}

std::string expand_pan(const std::string& bin_or_pan, std::uint32_t variant) {
  if (bin_or_pan.size() >= 12)
    return bin_or_pan;
  const std::size_t width = 15 - bin_or_pan.size();
  std::string account = std::to_string(variant);
  if (account.size() > width)
    account.erase(0, account.size() - width);
  std::string pan = bin_or_pan + std::string(width - account.size(), '0') + account;
  // Luhn: double every second digit from the right, counting the check digit as the first.
  int sum = 0;
  for (std::size_t i = 0; i < pan.size(); ++i) {
    int d = pan[pan.size() - 1 - i] - '0';
    if (i % 2 == 0 && (d *= 2) > 9)
      d -= 9;
    sum += d;
  }
  pan.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  return pan;
}

} // namespace switchyard::loadgen
