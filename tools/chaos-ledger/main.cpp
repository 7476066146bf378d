// chaos-ledger-check: joins the issuer's and the acquirers' ledgers of a chaos test on RRN
// and judges the reversals the gateway sent in between.

#include "tools/chaos-ledger/ledger_check.hpp"
#include "tools/chaos-ledger/ledger_report.hpp"
#include "tools/common/command_line.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

using switchyard::chaos::ledger_check;

// The ledgers named on the command line.
struct ledger_files {
  std::string issuer;
  std::vector<std::string> acquirers;
};

const std::vector<switchyard::tools::option_spec<ledger_files>>& options() {
  static const std::vector<switchyard::tools::option_spec<ledger_files>> table{
    {{"--issuer", "FILE", "the issuer's ledger: what sim-iso8583 --ledger wrote", "none: required"},
     [](auto& files, auto v) {
       files.issuer = v;
       return !v.empty();
     }},
  };
  return table;
}

const switchyard::tools::manual& checker_manual() {
  static const switchyard::tools::manual page{
    .name = "chaos-ledger-check",
    .summary = "judge the reversals of a chaos run from the issuer's and acquirers' ledgers",
    .synopsis = "chaos-ledger-check --issuer FILE ACQUIRER_FILE...",
    .description
    = "Joins the issuer's ledger (FILE, from sim-iso8583 --ledger) with the acquirers' ledgers\n"
      "(each ACQUIRER_FILE from one loadgen-iso8583 --ledger run) on RRN and checks the\n"
      "reversals the gateway sent in between: every sale the issuer may have approved while\n"
      "the acquirer did not see 00 was reversed upstream exactly once (one 0420, 0421 repeats\n"
      "with its STAN, answered 00), and no sale the acquirer saw approved was reversed. Prints\n"
      "the verdict with counts and the RRNs that break a rule. tools/chaos-iso8583 runs it.",
    .options = switchyard::tools::docs_of(options()),
    .extra = {},
    .exit_status = "0  every rule holds\n"
                   "1  a rule is broken, or a ledger is doubtful (garbled or cut lines)\n"
                   "2  usage error, or a ledger that cannot be read",
    .files = "FILE, ACQUIRER_FILE...  tab-separated ledgers, read only",
    .signals = "",
    .examples = "chaos-ledger-check --issuer issuer.ledger acquirer-1.ledger acquirer-2.ledger",
  };
  return page;
}

// Feeds every line of `path` to `add`; a last line without its newline was cut short while
// being written, so it counts as garbled rather than as a line.
bool feed(const std::string& path, ledger_check& check,
          void (ledger_check::*add)(std::string_view)) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    std::cerr << "chaos-ledger-check: cannot read " << path << "\n";
    return false;
  }
  const std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    if (end == std::string_view::npos) {
      check.add_garbled_line(rest);
      break;
    }
    (check.*add)(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  using namespace switchyard;
  ledger_files files;
  const tools::operand_rule<ledger_files> acquirer_files{
    [](ledger_files& f, std::string_view file) {
      f.acquirers.emplace_back(file);
      return true;
    }};
  const auto outcome = tools::apply_options(std::vector<std::string>(argv + 1, argv + argc),
                                            options(), files, acquirer_files);
  if (outcome.help)
    return tools::print_manual(checker_manual());
  if (!outcome.error.empty())
    return tools::usage_error(checker_manual(), outcome.error);
  if (files.issuer.empty())
    return tools::usage_error(checker_manual(), "--issuer FILE is required");
  if (files.acquirers.empty())
    return tools::usage_error(checker_manual(), "at least one ACQUIRER_FILE is required");
  ledger_check check;
  if (!feed(files.issuer, check, &ledger_check::add_issuer_line))
    return 2;
  for (const auto& file : files.acquirers)
    if (!feed(file, check, &ledger_check::add_acquirer_line))
      return 2;
  const auto verdict = check.verdict();
  std::cout << chaos::render(verdict);
  return verdict.passed() ? 0 : 1;
}
