#include "tools/loadgen-iso8583/load_ledger.hpp"

#include "tests/tools/tool_processes.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

using switchyard::loadgen::load_ledger;

namespace {

std::string contents(const std::string& path) {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST_SUITE("loadgen ledger") {
  TEST_CASE("each kind of line is tab-separated and written by flush") {
    switchyard::testing::temp_dir dir;
    const auto path = dir.path() + "/acquirer.ledger";
    std::string error;
    auto ledger = load_ledger::open(path, error);
    REQUIRE_MESSAGE(ledger, error);
    ledger->sent("100000000001", 7, "LG000000");
    ledger->answer("100000000001", "00");
    ledger->unanswered("100000000002", "lost");
    ledger->unanswered("100000000003", "timeout");
    ledger->late("100000000003", "68");
    ledger->answer("100000000004", "");
    ledger->answer("100000000005", "0\t");
    CHECK(ledger->flush());
    CHECK(contents(path)
          == "sent\t100000000001\t000007\tLG000000\n"
             "answer\t100000000001\t00\n"
             "unanswered\t100000000002\tlost\n"
             "unanswered\t100000000003\ttimeout\n"
             "late\t100000000003\t68\n"
             "answer\t100000000004\t-\n"
             "answer\t100000000005\t0?\n");
  }

  TEST_CASE("what is buffered is written when the ledger goes away, after what was there") {
    switchyard::testing::temp_dir dir;
    const auto path = dir.path() + "/acquirer.ledger";
    std::ofstream{path} << "answer\t000000000001\t00\n";
    std::string error;
    {
      auto ledger = load_ledger::open(path, error);
      REQUIRE_MESSAGE(ledger, error);
      ledger->sent("000000000002", 2, "LG000000");
    }
    CHECK(contents(path) == "answer\t000000000001\t00\nsent\t000000000002\t000002\tLG000000\n");
  }

  TEST_CASE("lines from several threads arrive whole, also past the buffer's size") {
    switchyard::testing::temp_dir dir;
    const auto path = dir.path() + "/acquirer.ledger";
    std::string error;
    auto ledger = load_ledger::open(path, error);
    REQUIRE_MESSAGE(ledger, error);
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
      writers.emplace_back([&ledger, t] {
        for (int i = 0; i < 5000; ++i)
          ledger->answer(std::to_string(t * 100000 + i), "00");
      });
    for (auto& w : writers)
      w.join();
    ledger.reset();
    std::istringstream lines{contents(path)};
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
      CHECK(line.starts_with("answer\t"));
      CHECK(line.ends_with("\t00"));
      ++count;
    }
    CHECK(count == 20000);
  }

  TEST_CASE("a ledger that cannot be opened says why") {
    std::string error;
    CHECK_FALSE(load_ledger::open("/nonexistent/dir/acquirer.ledger", error));
    CHECK(error.find("/nonexistent/dir/acquirer.ledger") != std::string::npos);
  }
}
