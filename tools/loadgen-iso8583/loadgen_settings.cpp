#include "tools/loadgen-iso8583/loadgen_settings.hpp"

#include "protocols/iso8583/response.hpp"
#include "tools/common/cli_parse.hpp"
#include "tools/common/command_line.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace switchyard::loadgen {

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

using option = tools::option_spec<loadgen_settings>;

// Every option, documented, with how to store it.
const std::vector<option>& options() {
  static const std::vector<option> table{
    {{"--target", "ADDR:PORT", "where to send: a gateway's ISO 8583 listener or an issuer",
      "none: required"},
     parse_target},
    {{"--connections", "N", "TCP connections", "1"},
     positive<std::uint32_t>(&loadgen_settings::connections)},
    {{"--in-flight", "M", "requests outstanding in total, spread evenly over the connections",
      "one per connection"},
     positive<std::uint32_t>(&loadgen_settings::in_flight)},
    {{"--max", "",
      "closed loop: send as soon as an answer frees a slot (what happens without\n"
      "--rate); excludes --rate",
      ""},
     [](auto& s, auto) {
       return s.closed_loop = true;
     }},
    {{"--rate", "R", "open loop: R requests per second in total, --in-flight at most",
      "none: closed loop"},
     positive<double>(&loadgen_settings::rate)},
    {{"--requests", "N", "requests in total", "1000 unless --duration is given"},
     positive<std::uint64_t>(&loadgen_settings::requests)},
    {{"--duration", "S", "send for S seconds (with --requests: whichever ends first)",
      "none: until --requests"},
     [](auto& s, auto v) {
       return assign(parse_positive<double>(v), [&](double secs) {
         s.duration = std::chrono::microseconds{static_cast<std::int64_t>(secs * 1e6)};
       });
     }},
    {{"--dialect", "NAME|FILE.toml",
      "message layout: iso87-ascii, iso87-binary,\n"
      "iso87-ascii-binary-bitmap, or a dialect file",
      "iso87-ascii"},
     text(&loadgen_settings::dialect)},
    {{"--framing", "KIND", "length prefix: len2, len2-inclusive, ascii4 or bcd2", "len2"},
     [](auto& s, auto v) {
       return assign(iso8583::parse_framing_kind(v), [&](auto k) { s.framing.kind = k; });
     }},
    {{"--header-bytes", "N", "fixed header after the length prefix (zeros)", "0"},
     [](auto& s, auto v) {
       return assign(parse_number<std::size_t>(v), [&](auto n) { s.framing.header_bytes = n; });
     }},
    {{"--tls-ca", "FILE", "use TLS; the server's certificate must chain to this CA (PEM)",
      "none: plain TCP"},
     text(&loadgen_settings::tls_ca)},
    {{"--tls-cert", "FILE",
      "client certificate (PEM) for mutual TLS; needs --tls-key and\n"
      "--tls-ca",
      "none"},
     text(&loadgen_settings::tls_cert)},
    {{"--tls-key", "FILE", "the private key (PEM) of --tls-cert", "none"},
     text(&loadgen_settings::tls_key)},
    {{"--pan", "PAN", "the card number of every request", "4111111111111111"},
     [](auto& s, auto v) {
       return v.find(',') == v.npos && parse_pans(s, v);
     }},
    {{"--bins", "LIST",
      "comma-separated card numbers, or BINs (under 12 digits) expanded to\n"
      "card numbers with a valid check digit, used in rotation",
      "none: --pan"},
     parse_pans},
    {{"--mti", "MTI", "the request MTI (0100, 0200, ...)", "0200"},
     text(&loadgen_settings::mti, is_request)},
    {{"--amount", "MINOR|MIN:MAX", "amount in minor units, or drawn uniformly from MIN..MAX",
      "1000"},
     parse_amount},
    {{"--currency", "NNN", "field 49, three digits", "840"},
     text(&loadgen_settings::currency, is_currency)},
    {{"--timeout-ms", "T", "a request unanswered after T ms counts as a timeout", "5000"},
     [](auto& s, auto v) {
       return assign(parse_positive<std::uint32_t>(v),
                     [&](auto ms) { s.timeout = std::chrono::milliseconds{ms}; });
     }},
    {{"--seed", "N", "seed of the amounts drawn, for reproducible runs", "a random seed"},
     [](auto& s, auto v) {
       return assign(parse_number<std::uint64_t>(v), [&](auto n) { s.seed = n; });
     }},
    {{"--threads", "N", "I/O threads, 1..64", "1"},
     [](auto& s, auto v) {
       auto n = parse_positive<int>(v);
       return assign(n && *n <= 64 ? n : std::nullopt, [&](int t) { s.threads = t; });
     }},
    {{"--json", "", "print the summary as one JSON object line", ""},
     [](auto& s, auto) {
       return s.json = true;
     }},
    {{"--timeline-ms", "T",
      "with --json: also count answers (approved 00, other) and requests\n"
      "given up per T ms slice of the run (\"timeline\")",
      "none"},
     [](auto& s, auto v) {
       return assign(parse_positive<std::uint32_t>(v),
                     [&](auto ms) { s.timeline = std::chrono::milliseconds{ms}; });
     }},
    {{"--rrn-prefix", "D",
      "field 37 is digit D, 3 digits of connection and 8 of sequence, so\n"
      "that runs with different D never share an RRN",
      "none: 3 digits of connection and 9 of sequence"},
     [](auto& s, auto v) {
       if (v.size() != 1 || !is_digits(v))
         return false;
       s.rrn_prefix = static_cast<std::uint8_t>(v[0] - '0');
       return true;
     }},
    {{"--ledger", "FILE",
      "append one tab-separated line per request sent (sent RRN STAN TID),\n"
      "answer (answer RRN CODE), request given up (unanswered RRN timeout|lost)\n"
      "and unmatched answer (late RRN CODE) to FILE",
      "none"},
     text(&loadgen_settings::ledger)},
  };
  return table;
}

std::string check_and_default(loadgen_settings& s) {
  if (s.host.empty())
    return "--target ADDR:PORT is required";
  if (s.closed_loop && s.rate > 0)
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
  if (s.timeline.count() > 0 && !s.json)
    return "--timeline-ms needs --json";
  return {};
}

} // namespace

loadgen_settings_result parse_loadgen_settings(const std::vector<std::string>& args) {
  loadgen_settings s;
  const auto outcome = tools::apply_options(args, options(), s);
  if (outcome.help)
    return {std::nullopt, {}, true};
  if (!outcome.error.empty())
    return {std::nullopt, outcome.error};
  if (auto why = check_and_default(s); !why.empty())
    return {std::nullopt, why};
  return {s, {}};
}

const tools::manual& loadgen_manual() {
  static const tools::manual page{
    .name = "loadgen-iso8583",
    .summary = "an acquirer load generator measuring ISO 8583 throughput and latency",
    .synopsis = "loadgen-iso8583 --target ADDR:PORT [OPTION]...",
    .description
    = "Plays the acquirers in front of a gateway: sends authorisation or financial requests\n"
      "(--mti) over --connections TCP or TLS connections, closed loop (--max: a new request\n"
      "as soon as an answer frees one of --in-flight slots) or open loop (--rate), matches\n"
      "each answer to its request, and prints a summary: requests, answers\n"
      "by response code, timeouts, lost and late answers, throughput and latency percentiles\n"
      "(one JSON line with --json). STANs are unique per connection, RRNs per run.",
    .options = tools::docs_of(options()),
    .extra = {},
    .exit_status = "0  every request was answered\n"
                   "1  some request went unanswered (timeout, or its connection was lost)\n"
                   "2  usage error, or a dialect, TLS or ledger file that cannot be used",
    .files = "--dialect FILE.toml, --tls-ca/--tls-cert/--tls-key FILE (read at start),\n"
             "--ledger FILE (appended to, one line per request and answer)",
    .signals = "",
    .examples
    = "loadgen-iso8583 --target 127.0.0.1:8583 --connections 4 --in-flight 64 --duration 10\n"
      "loadgen-iso8583 --target 127.0.0.1:8583 --rate 500 --duration 30 --json\n"
      "loadgen-iso8583 --target 127.0.0.1:8583 --bins 411111,550000 --amount 100:5000",
  };
  return page;
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
