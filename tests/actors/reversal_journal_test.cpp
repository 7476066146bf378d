// The reversal journal on real files in a temporary directory.

#include "actors/reversal_journal.hpp"

#include "actors/reversal_store.hpp"
#include "protocols/iso8583/builtin_dialects.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using switchyard::reversal_journal;
using switchyard::reversal_store;
namespace iso = switchyard::iso8583;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A directory of its own for each test, removed afterwards.
struct temp_dir {
  fs::path path;

  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "switchyard-journal-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }

  ~temp_dir() { fs::remove_all(path); }

  std::string file() const { return (path / "reversals-visa.journal").string(); }
};

iso::message sale(std::string_view stan) {
  iso::message m;
  m.set_mti("0200");
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(7, "1122093015");
  m.set(11, stan);
  m.set(41, "TERM0001");
  return m;
}

const iso::dialect& ascii() {
  return iso::iso87_ascii();
}

} // namespace

TEST_SUITE("reversal journal") {
  TEST_CASE("what is owed and not settled comes back when the journal is opened again") {
    temp_dir dir;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      REQUIRE(opened.journal != nullptr);
      CHECK(opened.owed.empty());
      reversal_store store{10};
      store.attach(opened.journal.get());
      auto now = std::chrono::steady_clock::now();
      REQUIRE(store.add(sale("000001"), "68", now));
      REQUIRE(store.add(sale("000002"), "91", now));
      auto first = store.due(now).front();
      store.discard(first); // settled: given up
      CHECK(opened.journal->dirty());
      CHECK(opened.journal->flush().empty());
      CHECK_FALSE(opened.journal->dirty());
    }
    auto again = reversal_journal::open(dir.file(), ascii());
    REQUIRE(again.journal != nullptr);
    REQUIRE(again.owed.size() == 1);
    CHECK(again.unreadable == 0);
    const auto& advice = again.owed[0].advice;
    CHECK(advice.mti() == "0420");
    CHECK(advice.get(11) == "000002");
    CHECK(advice.get(39) == "91");
    CHECK(advice.get(90).substr(0, 10) == "0200000002");
  }

  TEST_CASE("a restored advice is a repeat and later advices get higher ids") {
    temp_dir dir;
    std::uint64_t restored_id = 0;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      reversal_store store{10};
      store.attach(opened.journal.get());
      auto now = std::chrono::steady_clock::now();
      for (int i = 1; i <= 3; ++i)
        store.add(sale("00000" + std::to_string(i)), "68", now);
      CHECK(opened.journal->flush().empty());
    }
    auto opened = reversal_journal::open(dir.file(), ascii());
    REQUIRE(opened.owed.size() == 3);
    reversal_store store{10};
    auto now = std::chrono::steady_clock::now();
    for (auto& o : opened.owed)
      CHECK(store.restore(o.id, o.advice, now));
    restored_id = opened.owed.back().id;
    CHECK(store.advice(restored_id).mti() == "0421");
    store.attach(opened.journal.get());
    REQUIRE(store.add(sale("000009"), "68", now));
    auto ids = store.due(now);
    REQUIRE(ids.size() == 4);
    CHECK(ids.back() > restored_id);
  }

  TEST_CASE("a line torn by a crash is skipped and counted") {
    temp_dir dir;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      reversal_store store{10};
      store.attach(opened.journal.get());
      store.add(sale("000001"), "68", std::chrono::steady_clock::now());
      CHECK(opened.journal->flush().empty());
    }
    {
      std::ofstream out{dir.file(), std::ios::app};
      out << "owe 2 0420F23"; // cut short, no newline
    }
    auto opened = reversal_journal::open(dir.file(), ascii());
    REQUIRE(opened.journal != nullptr);
    CHECK(opened.owed.size() == 1);
    CHECK(opened.unreadable == 1);
  }

  TEST_CASE("a journal is held by one owner at a time") {
    temp_dir dir;
    auto first = reversal_journal::open(dir.file(), ascii());
    REQUIRE(first.journal != nullptr);
    auto second = reversal_journal::open(dir.file(), ascii(), 50ms);
    CHECK(second.journal == nullptr);
    CHECK(second.error.find("held by another") != std::string::npos);
    first.journal.reset();
    auto third = reversal_journal::open(dir.file(), ascii(), 50ms);
    CHECK(third.journal != nullptr);
  }

  TEST_CASE("an unwritable place gives an error naming it") {
    auto opened
      = reversal_journal::open("/proc/switchyard-no-such-dir/reversals.journal", ascii(), 10ms);
    CHECK(opened.journal == nullptr);
    CHECK(opened.error.find("/proc/switchyard-no-such-dir") != std::string::npos);
  }
}
