#pragma once

// The two ledgers a chaos test joins: what the acquirer (loadgen-iso8583 --ledger) sent and
// got back, and what the issuer (sim-iso8583 --ledger) received and decided. Lines are
// tab-separated; fields the sender did not have are "-".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::chaos {

/// The kinds of line in the acquirer's ledger.
enum class acquirer_event_kind : std::uint8_t {
  sent,       ///< "sent RRN STAN TID": a request written
  answer,     ///< "answer RRN CODE": its answer, with field 39
  unanswered, ///< "unanswered RRN timeout|lost": given up, or its connection broke
  late,       ///< "late RRN CODE": an answer that matched no request in flight
};

/// One line of the acquirer's ledger.
struct acquirer_event {
  acquirer_event_kind kind = acquirer_event_kind::sent; ///< which line
  std::string rrn;                                      ///< field 37
  std::string stan;                                     ///< field 11 (sent lines)
  std::string tid;                                      ///< field 41 (sent lines)
  std::string code; ///< field 39 (answer, late) or timeout/lost (unanswered)
};

/// The kinds of line in the issuer's ledger.
enum class issuer_event_kind : std::uint8_t {
  request, ///< "request MTI RRN STAN TID OUTCOME": an 0100/0101/0200/0201
  advice,  ///< "advice MTI RRN STAN TID ORIG90 CODE": an 0400/0401/0420/0421
};

/// One line of the issuer's ledger.
struct issuer_event {
  issuer_event_kind kind = issuer_event_kind::request; ///< which line
  std::string mti;                                     ///< the message type received
  std::string rrn;                                     ///< field 37
  std::string stan;                                    ///< field 11
  std::string tid;                                     ///< field 41
  std::string outcome;  ///< requests: approved, declined, failed, dropped or malformed
  std::string original; ///< advices: field 90
  std::string code;     ///< advices: field 39 answered, or "dropped"
};

/// Parses one line (without its newline) of the acquirer's ledger; nothing when it has the
/// wrong shape.
std::optional<acquirer_event> parse_acquirer_line(std::string_view line);

/// Parses one line (without its newline) of the issuer's ledger; nothing when it has the
/// wrong shape.
std::optional<issuer_event> parse_issuer_line(std::string_view line);

/// Returns true for an issuer outcome after which the sale may stand approved upstream:
/// approved, dropped (received, never answered) or failed (96, outcome unknown).
bool may_be_approved(std::string_view outcome) noexcept;

/// Returns true for an advice MTI that is a first attempt (0400, 0420), not a repeat.
bool is_first_advice(std::string_view mti) noexcept;

} // namespace switchyard::chaos
