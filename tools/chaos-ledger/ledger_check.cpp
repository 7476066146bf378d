#include "tools/chaos-ledger/ledger_check.hpp"

#include <algorithm>

namespace switchyard::chaos {

namespace {

constexpr std::string_view approved_code = "00";    // ISO 8583:1987 field 39: approved
constexpr std::string_view malfunction_code = "96"; // system malfunction

bool has(const std::vector<std::string>& values, std::string_view wanted) {
  return std::find(values.begin(), values.end(), wanted) != values.end();
}

// Counts the advices of one sale, and which answers of 96 another attempt followed.
void count_advices(const sale_record& sale, ledger_figures& f) {
  for (std::size_t i = 0; i < sale.advices.size(); ++i) {
    const auto& advice = sale.advices[i];
    ++f.advice_mtis[advice.mti];
    ++f.advice_codes[advice.code];
    if (advice.code == malfunction_code) {
      ++f.advice_errors;
      if (i + 1 < sale.advices.size())
        ++f.advice_errors_retried;
    }
  }
}

// Counts what the acquirer and the issuer recorded for one sale.
void count_lines(const sale_record& sale, ledger_figures& f) {
  for (const auto& code : sale.answers)
    ++f.answers[code];
  for (const auto& why : sale.unanswered)
    ++(why == "lost" ? f.lost : f.timed_out);
  f.late += sale.late.size();
  for (const auto& outcome : sale.outcomes)
    ++f.outcomes[outcome];
  count_advices(sale, f);
}

// (a): at most one first advice (0420), repeats (0421) with its STAN, one of them answered 00.
// Repeats alone are a reversal too: a node that recorded its 0420 as sent and died before
// writing it repeats it after a restart, and ISO 8583 has the issuer act on a repeat whose
// original it never saw (sending the 0420 again instead could reverse twice).
std::optional<finding> judge_reversal(const std::vector<issuer_event>& advices, ledger_figures& f) {
  if (advices.empty())
    return finding::missing_reversal;
  const auto first = std::count_if(advices.begin(), advices.end(),
                                   [](const issuer_event& a) { return is_first_advice(a.mti); });
  if (first > 1)
    return finding::reversed_twice;
  if (first == 0)
    ++f.owed_by_repeats_only;
  const auto original
    = first == 0 ? advices.begin()
                 : std::find_if(advices.begin(), advices.end(),
                                [](const issuer_event& a) { return is_first_advice(a.mti); });
  const bool same_stan = std::all_of(advices.begin(), advices.end(), [&](const issuer_event& a) {
    return a.stan == original->stan;
  });
  if (!same_stan)
    return finding::repeat_other_stan;
  const bool acknowledged = std::any_of(advices.begin(), advices.end(),
                                        [](const issuer_event& a) { return a.code == "00"; });
  if (!acknowledged)
    return finding::never_acknowledged;
  return std::nullopt;
}

// The sale's class once the acquirer's side is known to be whole: (b), (c), (d) or (a).
std::optional<finding> judge_settled(const sale_record& sale, ledger_figures& f) {
  const bool forwarded = !sale.outcomes.empty();
  if (forwarded) {
    ++f.forwarded;
    if (sale.outcomes.size() > 1)
      ++f.forwarded_again;
  }
  if (has(sale.answers, approved_code) || has(sale.late, approved_code)) {
    if (!forwarded)
      return finding::approved_unseen;
    ++f.approved;
    if (!sale.advices.empty())
      return finding::wrongly_reversed;
    ++f.approved_ok;
    return std::nullopt;
  }
  if (!forwarded) {
    if (sale.advices.empty()) {
      ++f.not_forwarded;
    } else {
      ++f.unseen_sales;
      f.unseen_advices += sale.advices.size();
    }
    return std::nullopt;
  }
  if (std::none_of(sale.outcomes.begin(), sale.outcomes.end(),
                   [](const std::string& o) { return may_be_approved(o); })) {
    ++f.declined;
    if (!sale.advices.empty())
      ++f.declined_reversed;
    return std::nullopt;
  }
  ++f.owed;
  auto why = judge_reversal(sale.advices, f);
  if (!why)
    ++f.owed_ok;
  return why;
}

std::string labelled(std::string_view ledger, std::string_view line) {
  std::string out{ledger};
  out += ": ";
  out += line;
  return out;
}

} // namespace

std::string_view to_string(finding f) noexcept {
  switch (f) {
    case finding::missing_reversal:
      return "missing reversal";
    case finding::only_repeats:
      return "only 0421 repeats, no 0420";
    case finding::reversed_twice:
      return "reversed twice (two 0420)";
    case finding::repeat_other_stan:
      return "repeat with a different STAN";
    case finding::never_acknowledged:
      return "reversal never answered 00";
    case finding::wrongly_reversed:
      return "wrongly reversed";
    case finding::rrn_sent_twice:
      return "RRN sent twice";
    case finding::never_sent:
      return "RRN never sent by the acquirer";
    case finding::unsettled:
      return "sent, neither answered nor given up";
    case finding::approved_unseen:
      return "approved, never received by the issuer";
  }
  return "unknown";
}

bool is_violation(finding f) noexcept {
  return f <= finding::wrongly_reversed;
}

std::uint64_t ledger_verdict::violations() const noexcept {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < finding_count; ++i)
    if (is_violation(static_cast<finding>(i)))
      n += figures.findings[i];
  return n;
}

std::uint64_t ledger_verdict::anomalies() const noexcept {
  std::uint64_t n = figures.unparsable;
  for (std::size_t i = 0; i < finding_count; ++i)
    if (!is_violation(static_cast<finding>(i)))
      n += figures.findings[i];
  return n;
}

std::optional<finding> judge(const sale_record& sale, ledger_figures& figures) {
  count_lines(sale, figures);
  if (sale.sent == 0)
    return finding::never_sent;
  ++figures.sales;
  if (sale.sent > 1)
    return finding::rrn_sent_twice;
  if (sale.answers.empty() && sale.unanswered.empty())
    return finding::unsettled;
  return judge_settled(sale, figures);
}

void ledger_check::add_acquirer_line(std::string_view line) {
  const auto event = parse_acquirer_line(line);
  if (!event)
    return add_garbled_line(line);
  auto& sale = sales_[event->rrn];
  sale.lines.push_back(labelled("acquirer", line));
  switch (event->kind) {
    case acquirer_event_kind::sent:
      ++sale.sent;
      break;
    case acquirer_event_kind::answer:
      sale.answers.push_back(event->code);
      break;
    case acquirer_event_kind::unanswered:
      sale.unanswered.push_back(event->code);
      break;
    case acquirer_event_kind::late:
      sale.late.push_back(event->code);
      break;
  }
}

void ledger_check::add_issuer_line(std::string_view line) {
  auto event = parse_issuer_line(line);
  if (!event)
    return add_garbled_line(line);
  auto& sale = sales_[event->rrn];
  sale.lines.push_back(labelled("issuer", line));
  if (event->kind == issuer_event_kind::request)
    sale.outcomes.push_back(event->outcome);
  else
    sale.advices.push_back(std::move(*event));
}

void ledger_check::add_garbled_line(std::string_view line) {
  ++unparsable_;
  if (garbled_.size() < 10)
    garbled_.emplace_back(line);
}

ledger_verdict ledger_check::verdict(std::size_t max_offenders) const {
  ledger_verdict v;
  v.figures.unparsable = unparsable_;
  v.garbled.assign(garbled_.begin(),
                   garbled_.begin()
                     + static_cast<std::ptrdiff_t>(std::min(garbled_.size(), max_offenders)));
  std::vector<offender> doubtful;
  for (const auto& [rrn, sale] : sales_) {
    const auto why = judge(sale, v.figures);
    if (!why)
      continue;
    ++v.figures.findings[static_cast<std::size_t>(*why)];
    auto& list = is_violation(*why) ? v.offenders : doubtful;
    if (list.size() < max_offenders)
      list.push_back({rrn, *why, sale.lines});
  }
  for (auto& o : doubtful)
    if (v.offenders.size() < max_offenders)
      v.offenders.push_back(std::move(o));
  return v;
}

} // namespace switchyard::chaos
