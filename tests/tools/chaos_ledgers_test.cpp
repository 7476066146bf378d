// The ledgers of sim-iso8583 and loadgen-iso8583, joined by chaos-ledger-check, as real
// processes on loopback (no gateway between them).

#include "tests/tools/tool_processes.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace switchyard::testing;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in{path};
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::map<std::string, int> kinds_of(const std::vector<std::string>& lines) {
  std::map<std::string, int> kinds;
  for (const auto& line : lines)
    ++kinds[line.substr(0, line.find('\t'))];
  return kinds;
}

std::string column(const std::string& line, std::size_t index) {
  std::size_t begin = 0;
  for (std::size_t i = 0; i < index; ++i)
    begin = line.find('\t', begin) + 1;
  return line.substr(begin, line.find('\t', begin) - begin);
}

run_result check_ledgers(const std::string& issuer, const std::string& acquirer) {
  return run(tool_path("chaos-ledger-check"), {"--issuer", issuer, acquirer});
}

} // namespace

TEST_SUITE("chaos ledgers") {
  TEST_CASE("the issuer's and the acquirer's ledgers record every sale and join on RRN") {
    temp_dir dir;
    const auto issuer = dir.path() + "/issuer.ledger";
    const auto acquirer = dir.path() + "/acquirer.ledger";
    auto sim = start_sim({"--ledger", issuer, "--seed", "1"});
    const auto r = run_loadgen(sim, {"--requests", "300", "--in-flight", "16", "--connections", "2",
                                     "--rrn-prefix", "3", "--ledger", acquirer});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    sim.process->signal(SIGTERM);
    REQUIRE(sim.process->wait(std::chrono::seconds{5}));
    const auto acquirer_lines = lines_of(acquirer);
    const auto issuer_lines = lines_of(issuer);
    const auto sides = kinds_of(acquirer_lines);
    CHECK(sides.at("sent") == 300);
    CHECK(sides.at("answer") == 300);
    CHECK(sides.size() == 2);
    CHECK(kinds_of(issuer_lines).at("request") == 300);
    for (const auto& line : acquirer_lines) {
      const auto rrn = column(line, 1);
      CHECK(rrn.size() == 12);
      CHECK(rrn.front() == '3');
    }
    const auto check = check_ledgers(issuer, acquirer);
    INFO(check.output);
    CHECK(check.exit_code == 0);
    CHECK(check.output.find("verdict: PASSED") != std::string::npos);
  }

  TEST_CASE("a sale dropped by the issuer and never reversed fails the check") {
    temp_dir dir;
    const auto issuer = dir.path() + "/issuer.ledger";
    const auto acquirer = dir.path() + "/acquirer.ledger";
    auto sim = start_sim({"--ledger", issuer, "--drop-rate", "1"});
    const auto r = run_loadgen(
      sim, {"--requests", "5", "--in-flight", "5", "--timeout-ms", "200", "--ledger", acquirer});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(kinds_of(lines_of(acquirer)).at("unanswered") == 5);
    const auto check = check_ledgers(issuer, acquirer);
    INFO(check.output);
    CHECK(check.exit_code == 1);
    CHECK(check.output.find("RRN 000000000000: missing reversal") != std::string::npos);
  }

  TEST_CASE("the load generator exits non-zero with its summary when its target dies mid-run") {
    temp_dir dir;
    const auto acquirer = dir.path() + "/acquirer.ledger";
    auto sim = start_sim({"--latency-ms", "20"});
    child_process loadgen{tool_path("loadgen-iso8583"),
                          {"--target", sim.endpoint, "--max", "--in-flight", "8", "--duration",
                           "60", "--ledger", acquirer}};
    std::this_thread::sleep_for(std::chrono::milliseconds{700});
    sim.process->signal(SIGKILL);
    // The summary's last line, then the exit: both without being told to stop.
    const auto counts = loadgen.wait_for_line("timeouts", std::chrono::seconds{10});
    const auto code = loadgen.wait(std::chrono::seconds{5});
    INFO(loadgen.output());
    REQUIRE_MESSAGE(code, "the load generator did not exit after its target died");
    CHECK(*code == 1);
    CHECK(loadgen.output().find("answered in") != std::string::npos);
    REQUIRE(counts);
    CHECK(counts->find("lost 8,") != std::string::npos);
    // Every request sent is settled in the ledger: answered, or lost with the connection.
    const auto kinds = kinds_of(lines_of(acquirer));
    CHECK(kinds.at("sent") > 8);
    CHECK(kinds.at("sent") == kinds.at("answer") + kinds.at("unanswered"));
    CHECK(kinds.at("unanswered") == 8);
  }

  TEST_CASE("the checker refuses a missing ledger and a bad command line") {
    CHECK(run(tool_path("chaos-ledger-check"), {}).exit_code == 2);
    CHECK(
      run(tool_path("chaos-ledger-check"), {"--issuer", "/nonexistent", "/nonexistent"}).exit_code
      == 2);
  }
}
