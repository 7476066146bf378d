#include "tools/chaos-ledger/ledger_lines.hpp"

#include <algorithm>
#include <initializer_list>
#include <vector>

namespace switchyard::chaos {

namespace {

std::vector<std::string_view> columns_of(std::string_view line) {
  std::vector<std::string_view> columns;
  for (;;) {
    const auto tab = line.find('\t');
    columns.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos)
      return columns;
    line.remove_prefix(tab + 1);
  }
}

bool all_filled(const std::vector<std::string_view>& columns) {
  return std::none_of(columns.begin(), columns.end(), [](auto c) { return c.empty(); });
}

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::optional<acquirer_event_kind> acquirer_kind(std::string_view name, std::size_t columns) {
  if (name == "sent" && columns == 4)
    return acquirer_event_kind::sent;
  if (name == "answer" && columns == 3)
    return acquirer_event_kind::answer;
  if (name == "unanswered" && columns == 3)
    return acquirer_event_kind::unanswered;
  if (name == "late" && columns == 3)
    return acquirer_event_kind::late;
  return std::nullopt;
}

} // namespace

std::optional<acquirer_event> parse_acquirer_line(std::string_view line) {
  const auto c = columns_of(line);
  const auto kind = acquirer_kind(c[0], c.size());
  if (!kind || !all_filled(c))
    return std::nullopt;
  acquirer_event e;
  e.kind = *kind;
  e.rrn = c[1];
  if (*kind == acquirer_event_kind::sent) {
    e.stan = c[2];
    e.tid = c[3];
  } else {
    e.code = c[2];
  }
  if (*kind == acquirer_event_kind::unanswered && !is_one_of(e.code, {"timeout", "lost"}))
    return std::nullopt;
  return e;
}

std::optional<issuer_event> parse_issuer_line(std::string_view line) {
  const auto c = columns_of(line);
  const bool request = c[0] == "request" && c.size() == 6;
  const bool advice = c[0] == "advice" && c.size() == 7;
  if ((!request && !advice) || !all_filled(c) || c[1].size() != 4)
    return std::nullopt;
  issuer_event e;
  e.kind = request ? issuer_event_kind::request : issuer_event_kind::advice;
  e.mti = c[1];
  e.rrn = c[2];
  e.stan = c[3];
  e.tid = c[4];
  if (request) {
    e.outcome = c[5];
    if (!is_one_of(e.outcome, {"approved", "declined", "failed", "dropped", "malformed"}))
      return std::nullopt;
  } else {
    e.original = c[5];
    e.code = c[6];
  }
  return e;
}

bool may_be_approved(std::string_view outcome) noexcept {
  return is_one_of(outcome, {"approved", "dropped", "failed"});
}

bool is_first_advice(std::string_view mti) noexcept {
  // ISO 8583:1987 MTI, fourth digit: 0 from the acquirer, 1 its repeat.
  return mti.size() == 4 && mti[3] == '0';
}

} // namespace switchyard::chaos
