#include "tools/sim-iso8583/issuer_ledger.hpp"

#include "tests/tools/tool_processes.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

using namespace switchyard::sim;
using switchyard::iso8583::message;

namespace {

message sale(std::string_view mti) {
  message m;
  m.set_mti(mti);
  m.set(4, "000000001000");
  m.set(11, "000042");
  m.set(37, "100000000007");
  m.set(41, "LG000000");
  return m;
}

message answered(std::string_view code) {
  message m;
  m.set_mti("0430");
  m.set(39, code);
  return m;
}

} // namespace

TEST_SUITE("sim issuer ledger") {
  TEST_CASE("a financial request is recorded with what the issuer decided") {
    const message none;
    CHECK(ledger_line(sale("0200"), issuer_outcome::approved, none)
          == "request\t0200\t100000000007\t000042\tLG000000\tapproved\n");
    CHECK(ledger_line(sale("0100"), issuer_outcome::declined, none)
          == "request\t0100\t100000000007\t000042\tLG000000\tdeclined\n");
    CHECK(ledger_line(sale("0201"), issuer_outcome::dropped, none)
          == "request\t0201\t100000000007\t000042\tLG000000\tdropped\n");
    CHECK(ledger_line(sale("0101"), issuer_outcome::failed, none)
          == "request\t0101\t100000000007\t000042\tLG000000\tfailed\n");
    CHECK(ledger_line(sale("0200"), issuer_outcome::malformed, none)
          == "request\t0200\t100000000007\t000042\tLG000000\tmalformed\n");
  }

  TEST_CASE("a reversal is recorded with field 90 and the code answered, or dropped") {
    auto advice = sale("0420");
    advice.set(90, "0200000042061214301500000000000000000000000");
    CHECK(ledger_line(advice, issuer_outcome::approved, answered("00"))
          == "advice\t0420\t100000000007\t000042\tLG000000\t"
             "0200000042061214301500000000000000000000000\t00\n");
    advice.set_mti("0421");
    CHECK(ledger_line(advice, issuer_outcome::failed, answered("96")).ends_with("\t96\n"));
    CHECK(ledger_line(advice, issuer_outcome::dropped, answered("00")).ends_with("\tdropped\n"));
    advice.set_mti("0400");
    CHECK(
      ledger_line(advice, issuer_outcome::approved, answered("00")).starts_with("advice\t0400"));
  }

  TEST_CASE("absent fields are dashes and bytes that would break the line become ?") {
    message m;
    m.set_mti("0200");
    m.set(41, "LG\t0\n1");
    CHECK(ledger_line(m, issuer_outcome::approved, message{})
          == "request\t0200\t-\t-\tLG?0?1\tapproved\n");
  }

  TEST_CASE("other messages and ignored ones are not recorded") {
    const message none;
    CHECK(ledger_line(sale("0800"), issuer_outcome::approved, none).empty());
    CHECK(ledger_line(sale("0220"), issuer_outcome::approved, none).empty());
    CHECK(ledger_line(sale("0210"), issuer_outcome::ignored, none).empty());
    CHECK(ledger_line(message{}, issuer_outcome::malformed, none).empty());
  }

  TEST_CASE("lines appended from several threads arrive whole") {
    switchyard::testing::temp_dir dir;
    const auto path = dir.path() + "/issuer.ledger";
    std::string error;
    auto file = ledger_file::open(path, error);
    REQUIRE_MESSAGE(file, error);
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
      writers.emplace_back([&file, t] {
        for (int i = 0; i < 2000; ++i)
          CHECK(file->append("request\t0200\t" + std::to_string(t * 10000 + i)
                             + "\t000001\tLG000000\tapproved\n"));
      });
    for (auto& w : writers)
      w.join();
    std::ifstream in{path};
    std::set<std::string> seen;
    std::string line;
    while (std::getline(in, line)) {
      CHECK(line.starts_with("request\t0200\t"));
      CHECK(line.ends_with("\t000001\tLG000000\tapproved"));
      seen.insert(line);
    }
    CHECK(seen.size() == 8000);
  }

  TEST_CASE("a ledger that cannot be opened says why") {
    std::string error;
    CHECK_FALSE(ledger_file::open("/nonexistent/dir/issuer.ledger", error));
    CHECK(error.find("/nonexistent/dir/issuer.ledger") != std::string::npos);
  }
}
