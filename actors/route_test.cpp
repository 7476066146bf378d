#include "actors/route_test.hpp"

#include "protocols/iso8583/message.hpp"
#include "protocols/iso8583/transformer.hpp"

#include <algorithm>
#include <cctype>

namespace switchyard {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty()
         && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool looks_like_iso(const std::vector<std::string>& words) {
  if (all_digits(words.front()) && words.front().size() == 4)
    return true;
  return std::any_of(words.begin(), words.end(),
                     [](const std::string& w) { return w.find('=') != std::string::npos; });
}

// Reads "MTI FIELD=VALUE ..." into `m`; an error text when a word is neither.
std::string read_iso(const std::vector<std::string>& words, iso8583::message& m) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    auto eq = w.find('=');
    if (eq == std::string::npos) {
      if (i == 0 && !m.set_mti(w))
        continue;
      return "'" + w + "' is neither an MTI (4 digits, first) nor FIELD=VALUE";
    }
    auto number = w.substr(0, eq);
    int field = all_digits(number) && number.size() <= 3 ? std::stoi(number) : 0;
    if (field < 2 || field > 192)
      return "'" + number + "' is no field number: expected 2..192 before '='";
    if (m.set(field, w.substr(eq + 1)))
      return "field " + number + ": the value cannot be kept";
  }
  if (!m.has_mti())
    return "an ISO 8583 request starts with its MTI, e.g. 0200 2=4111111111111111";
  return {};
}

std::string outcome_text(const core::route_decision& d, bool iso) {
  switch (d.outcome) {
    case core::route_outcome::routed:
      return "routed to \"" + std::string{d.network_name} + "\"";
    case core::route_outcome::no_route:
      return iso ? "answered 92 by the gateway (no route)"
                 : "answered -32601 by the gateway (method not found)";
    case core::route_outcome::unavailable:
      return iso ? "answered 91 by the gateway (unavailable)"
                 : "answered -32000 by the gateway (unavailable)";
  }
  return {};
}

// What the request steps of the network the request goes to would do with it, step by step,
// and which response steps its answer would get; nothing without transformations.
std::string transform_text(const route_snapshot& routes, const core::route_decision& d,
                           iso8583::message m) {
  if (!d.is_routed() || d.network >= routes.transforms.size() || !routes.transforms[d.network])
    return {};
  const auto& t = *routes.transforms[d.network];
  std::vector<iso8583::step_outcome> outcomes;
  iso8583::original_fields originals;
  t.transform_request(m, originals, &outcomes);
  std::string out = "request transformations of \"" + std::string{d.network_name} + "\":";
  if (outcomes.empty())
    out += " none";
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    out += "\n  " + iso8583::describe(t.rules().request[i]) + ": " + to_string(outcomes[i]);
  out += "\nresponse transformations:";
  if (t.rules().response.empty())
    out += " none";
  for (const auto& step : t.rules().response)
    out += "\n  " + iso8583::describe(step);
  return out + "\n";
}

} // namespace

route_test_result route_test(const route_snapshot& routes, const std::vector<std::string>& words) {
  if (words.empty())
    return {{},
            "route-test needs a request: an ISO 8583 MTI and fields (0200 2=4111111111111111 "
            "4=000000001000) or a JSON-RPC method (eth_getBalance)"};
  const auto& table = routes.table;
  core::route_decision decision;
  bool iso = looks_like_iso(words);
  std::string transforms;
  if (iso) {
    iso8583::message m;
    if (auto error = read_iso(words, m); !error.empty())
      return {{}, error};
    decision = table.route(m);
    transforms = transform_text(routes, decision, std::move(m));
  } else {
    auto method = words.size() == 2 && words.front() == "method" ? words[1] : words.front();
    if (words.size() > (words.front() == "method" ? 2U : 1U))
      return {{}, "a JSON-RPC route test names one method, e.g. route-test eth_getBalance"};
    decision = table.route_method(method);
  }
  return {table.explain(decision) + "\n" + outcome_text(decision, iso) + "\n" + transforms, {}};
}

std::vector<std::shared_ptr<const iso8583::transformer>>
route_transforms(const core::routing_table& table, const network_table& networks) {
  std::vector<std::shared_ptr<const iso8583::transformer>> out(table.size());
  for (std::size_t i = 0; i < table.size(); ++i)
    if (const auto* row = networks.find(std::string{table.name(i)});
        row != nullptr && !row->settings.transform.empty())
      out[i] = std::make_shared<const iso8583::transformer>(row->settings.transform);
  return out;
}

} // namespace switchyard
