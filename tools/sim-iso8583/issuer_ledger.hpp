#pragma once

// The issuer's ledger (sim-iso8583 --ledger): one tab-separated line per financial request
// and per reversal received, so that a test can tell afterwards what the issuer decided.

#include "protocols/iso8583/message.hpp"
#include "tools/sim-iso8583/issuer.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace switchyard::sim {

/// Returns the ledger line, newline included, for `request` answered with `response` and
/// `outcome`: "request MTI RRN STAN TID OUTCOME" for 0100/0101/0200/0201, "advice MTI RRN
/// STAN TID ORIG90 CODE" for 0400/0401/0420/0421 (CODE "dropped" when unanswered); fields
/// absent are "-". Empty for every other message.
std::string ledger_line(const iso8583::message& request, issuer_outcome outcome,
                        const iso8583::message& response);

/// A file that ledger lines are appended to, each in one write(2) on a descriptor opened
/// with O_APPEND, so that lines from several threads or processes never interleave.
class ledger_file {
public:
  /// Opens (creating if needed) `path` for appending; null with `error` set on failure.
  static std::unique_ptr<ledger_file> open(const std::string& path, std::string& error);

  /// Closes the file.
  ~ledger_file();

  ledger_file(const ledger_file&) = delete;
  ledger_file& operator=(const ledger_file&) = delete;

  /// Appends `line` (which should end in a newline); false when it could not be written.
  bool append(std::string_view line) const noexcept;

private:
  explicit ledger_file(int fd) : fd_(fd) {}

  int fd_;
};

} // namespace switchyard::sim
