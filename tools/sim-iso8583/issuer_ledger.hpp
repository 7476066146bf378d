#pragma once

// The issuer's ledger (sim-iso8583 --ledger): one tab-separated line per financial request
// and per reversal received, so that a test can tell afterwards what the issuer decided.

#include "protocols/iso8583/message.hpp"
#include "tools/common/ledger_file.hpp"
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

/// The file ledger lines are appended to.
using ledger_file = tools::ledger_file;

} // namespace switchyard::sim
