#include "tools/chaos-ledger/ledger_report.hpp"

#include <array>
#include <cstdio>

namespace switchyard::chaos {

namespace {

std::string row(std::string_view label, std::uint64_t value, std::string_view detail = {}) {
  std::array<char, 96> head{};
  std::snprintf(head.data(), head.size(), "  %-52.*s %8llu", static_cast<int>(label.size()),
                label.data(), static_cast<unsigned long long>(value));
  std::string out = head.data();
  if (!detail.empty())
    out.append("   ").append(detail);
  return out + "\n";
}

std::string counts(const std::map<std::string, std::uint64_t>& by_key) {
  std::string out;
  for (const auto& [key, n] : by_key)
    out += (out.empty() ? "" : " ") + key + "=" + std::to_string(n);
  return out.empty() ? "-" : out;
}

std::uint64_t found(const ledger_figures& f, finding which) {
  return f.findings[static_cast<std::size_t>(which)];
}

std::string finding_rows(const ledger_figures& f, std::initializer_list<finding> which) {
  std::string out;
  for (const auto w : which)
    out += row(std::string("    ") + std::string(to_string(w)), found(f, w));
  return out;
}

std::string acquirer_part(const ledger_figures& f) {
  std::uint64_t answered = 0;
  for (const auto& [code, n] : f.answers)
    answered += n;
  return "acquirer (loadgen-iso8583 ledgers)\n" + row("sales sent", f.sales)
         + row("answered", answered, counts(f.answers))
         + row("unanswered: connection cut (node killed)", f.lost)
         + row("unanswered: acquirer timeout", f.timed_out)
         + row("answers after the acquirer gave up", f.late);
}

std::string issuer_part(const ledger_figures& f) {
  std::uint64_t requests = 0;
  std::uint64_t advices = 0;
  for (const auto& [outcome, n] : f.outcomes)
    requests += n;
  for (const auto& [mti, n] : f.advice_mtis)
    advices += n;
  return "issuer (sim-iso8583 ledger)\n"
         + row("sale requests received", requests, counts(f.outcomes))
         + row("sales received", f.forwarded)
         + row("sales received more than once", f.forwarded_again)
         + row("sales never received, not reversed", f.not_forwarded)
         + row("reversal advices received", advices, counts(f.advice_mtis))
         + row("  answered", advices, counts(f.advice_codes))
         + row("advices answered 96", f.advice_errors)
         + row("  followed by another advice for the sale", f.advice_errors_retried);
}

std::string classes_part(const ledger_figures& f) {
  using enum finding;
  return "classes\n" + row("(a) issuer may have approved, acquirer saw no 00", f.owed)
         + row("    ok: one 0420, repeats with its STAN, answered 00", f.owed_ok)
         + row("      of those, 0421 repeats alone (0420 marked sent, node died)",
               f.owed_by_repeats_only)
         + finding_rows(f, {missing_reversal, only_repeats, reversed_twice, repeat_other_stan,
                            never_acknowledged})
         + row("(b) acquirer saw 00", f.approved) + row("    ok: not reversed", f.approved_ok)
         + finding_rows(f, {wrongly_reversed})
         + row("(c) reversed, never received by the issuer", f.unseen_sales,
               std::to_string(f.unseen_advices) + " advice(s), harmless")
         + row("(d) declined by the issuer, acquirer saw no 00", f.declined)
         + row("    reversed nevertheless (allowed)", f.declined_reversed)
         + "ledger anomalies (doubts about the ledgers, not verdicts on the gateway)\n"
         + row("    unparsable or cut lines", f.unparsable)
         + finding_rows(f, {rrn_sent_twice, never_sent, unsettled, approved_unseen});
}

std::string tabs_to_spaces(std::string line) {
  for (auto& c : line)
    if (c == '\t')
      c = ' ';
  return line;
}

std::string offenders_part(const ledger_verdict& v) {
  if (v.offenders.empty() && v.garbled.empty())
    return {};
  std::string out = "offending sales (" + std::to_string(v.offenders.size()) + " of "
                    + std::to_string(v.violations() + v.anomalies() - v.figures.unparsable) + ")\n";
  for (const auto& o : v.offenders) {
    out += "  RRN " + o.rrn + ": " + std::string(to_string(o.why)) + "\n";
    for (const auto& line : o.lines)
      out += "      " + tabs_to_spaces(line) + "\n";
  }
  for (const auto& line : v.garbled)
    out += "  unparsable line: " + tabs_to_spaces(line) + "\n";
  return out;
}

} // namespace

std::string render(const ledger_verdict& v) {
  const auto& f = v.figures;
  std::string verdict = "verdict: ";
  if (v.passed())
    verdict += "PASSED: every sale owed a reversal got exactly one, no approved sale was reversed";
  else
    verdict += "FAILED: " + std::to_string(v.violations()) + " sale(s) break the rules (a)/(b), "
               + std::to_string(v.anomalies()) + " ledger anomaly(ies)";
  return acquirer_part(f) + issuer_part(f) + classes_part(f) + offenders_part(v) + verdict + "\n";
}

} // namespace switchyard::chaos
