// chaos-ledger-check: joins the issuer's and the acquirers' ledgers of a chaos test on RRN
// and judges the reversals the gateway sent in between.

#include "tools/chaos-ledger/ledger_check.hpp"
#include "tools/chaos-ledger/ledger_report.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

using switchyard::chaos::ledger_check;

constexpr std::string_view usage
  = "usage: chaos-ledger-check --issuer FILE ACQUIRER_FILE...\n"
    "  FILE: sim-iso8583 --ledger; ACQUIRER_FILE: loadgen-iso8583 --ledger (one per run)\n"
    "exit status: 0 passed, 1 a rule is broken or a ledger is doubtful, 2 usage or I/O error\n";

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
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 3 || args[0] != "--issuer") {
    std::cerr << usage;
    return 2;
  }
  ledger_check check;
  if (!feed(args[1], check, &ledger_check::add_issuer_line))
    return 2;
  for (std::size_t i = 2; i < args.size(); ++i)
    if (!feed(args[i], check, &ledger_check::add_acquirer_line))
      return 2;
  const auto verdict = check.verdict();
  std::cout << switchyard::chaos::render(verdict);
  return verdict.passed() ? 0 : 1;
}
