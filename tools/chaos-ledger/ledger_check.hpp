#pragma once

// Joins the acquirer's and the issuer's ledgers on RRN (field 37) and judges the gateway in
// between: every sale the issuer may have approved while the acquirer did not see 00 must be
// reversed exactly once (one 0420; 0421 repeats with the 0420's STAN), and no sale the
// acquirer saw approved may be reversed.

#include "tools/chaos-ledger/ledger_lines.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::chaos {

/// Everything both ledgers say about one RRN, in ledger order.
struct sale_record {
  std::uint32_t sent = 0;              ///< "sent" lines (more than one: an RRN collision)
  std::vector<std::string> answers;    ///< codes of "answer" lines
  std::vector<std::string> late;       ///< codes of "late" lines
  std::vector<std::string> unanswered; ///< reasons of "unanswered" lines
  std::vector<std::string> outcomes;   ///< the issuer's outcome of each request received
  std::vector<issuer_event> advices;   ///< reversal advices received, in order
  std::vector<std::string> lines;      ///< every line, prefixed with its ledger's name
};

/// What is wrong with one sale, or with the ledgers about it.
enum class finding : std::uint8_t {
  missing_reversal,   ///< (a) no advice at all
  only_repeats,       ///< (a) unused: repeats alone are a reversal (see judge_reversal)
  reversed_twice,     ///< (a) two or more 0420
  repeat_other_stan,  ///< (a) an 0421 whose field 11 differs from the 0420's
  never_acknowledged, ///< (a) no advice was answered 00
  wrongly_reversed,   ///< (b) the acquirer saw 00, yet a reversal went upstream
  rrn_sent_twice,     ///< ledgers: one RRN on two requests, so the join cannot be trusted
  never_sent,         ///< ledgers: an answer or issuer line for an RRN the acquirer never sent
  unsettled,          ///< ledgers: sent, but neither answered nor given up
  approved_unseen,    ///< ledgers: the acquirer saw 00 for a sale the issuer never received
};

/// The number of findings.
inline constexpr std::size_t finding_count = 10;

/// Returns a short phrase naming `f`.
std::string_view to_string(finding f) noexcept;

/// Returns true when `f` judges the gateway, false when it questions the ledgers.
bool is_violation(finding f) noexcept;

/// The figures of one check.
struct ledger_figures {
  std::uint64_t sales = 0;                             ///< distinct RRNs sent
  std::map<std::string, std::uint64_t> answers;        ///< sales answered, by code
  std::uint64_t lost = 0;                              ///< unanswered: connection cut
  std::uint64_t timed_out = 0;                         ///< unanswered: acquirer timeout
  std::uint64_t late = 0;                              ///< answers after their sale was given up
  std::map<std::string, std::uint64_t> outcomes;       ///< issuer requests, by outcome
  std::uint64_t forwarded = 0;                         ///< sales the issuer received
  std::uint64_t forwarded_again = 0;                   ///< sales it received more than once
  std::uint64_t not_forwarded = 0;                     ///< sales it never received, unreversed
  std::map<std::string, std::uint64_t> advice_mtis;    ///< advices, by MTI
  std::map<std::string, std::uint64_t> advice_codes;   ///< advices, by code answered
  std::uint64_t advice_errors = 0;                     ///< advices answered 96
  std::uint64_t advice_errors_retried = 0;             ///< of those, followed by another advice
  std::uint64_t owed = 0;                              ///< (a) sales
  std::uint64_t owed_ok = 0;                           ///< (a) reversed exactly once
  std::uint64_t owed_by_repeats_only = 0;              ///< (a) of those, by 0421s alone
  std::uint64_t approved = 0;                          ///< (b) sales
  std::uint64_t approved_ok = 0;                       ///< (b) not reversed
  std::uint64_t unseen_advices = 0;                    ///< (c) advices
  std::uint64_t unseen_sales = 0;                      ///< (c) sales
  std::uint64_t declined = 0;                          ///< (d) sales
  std::uint64_t declined_reversed = 0;                 ///< (d) reversed nevertheless (allowed)
  std::uint64_t unparsable = 0;                        ///< lines of neither ledger's shape
  std::array<std::uint64_t, finding_count> findings{}; ///< sales by finding
};

/// A sale with a finding, with its ledger lines.
struct offender {
  std::string rrn;                ///< field 37
  finding why;                    ///< what is wrong
  std::vector<std::string> lines; ///< every ledger line about it
};

/// The outcome of a check.
struct ledger_verdict {
  ledger_figures figures;           ///< the counts
  std::vector<offender> offenders;  ///< the first offending sales: violations, then anomalies
  std::vector<std::string> garbled; ///< the first unparsable lines

  /// Returns the number of sales with a violation.
  std::uint64_t violations() const noexcept;

  /// Returns the number of sales and lines that make the ledgers doubtful.
  std::uint64_t anomalies() const noexcept;

  /// Returns true when there is neither a violation nor an anomaly.
  bool passed() const noexcept { return violations() == 0 && anomalies() == 0; }
};

/// Returns the finding for `sale`, classed into `figures` (nothing found: counts only).
std::optional<finding> judge(const sale_record& sale, ledger_figures& figures);

/// Collects both ledgers' lines, then judges every sale.
class ledger_check {
public:
  /// Adds one line (without its newline) of the acquirer's ledger.
  void add_acquirer_line(std::string_view line);

  /// Adds one line (without its newline) of the issuer's ledger.
  void add_issuer_line(std::string_view line);

  /// Records a line of neither ledger's shape, or cut short (no newline at the end).
  void add_garbled_line(std::string_view line);

  /// Judges every sale; lists at most `max_offenders` offenders (violations first, each kind
  /// by RRN) and garbled lines.
  ledger_verdict verdict(std::size_t max_offenders = 10) const;

private:
  std::map<std::string, sale_record> sales_;
  std::uint64_t unparsable_ = 0;
  std::vector<std::string> garbled_;
};

} // namespace switchyard::chaos
