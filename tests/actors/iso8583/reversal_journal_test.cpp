// The reversal journal on real files in a temporary directory.

#include "actors/iso8583/reversal_journal.hpp"

#include "actors/iso8583/reversal_store.hpp"
#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/hex.hpp"
#include "tests/actors/iso8583/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using switchyard::reversal_journal;
using switchyard::reversal_store;
namespace iso = switchyard::iso8583;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

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

std::string read_file(const std::string& path) {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using temp_dir = switchyard::test::temp_dir;

switchyard::journal_cipher key(std::uint8_t fill) {
  std::array<std::uint8_t, 32> k{};
  k.fill(fill);
  return switchyard::journal_cipher{k};
}

// Owes `count` sales (STANs 000001...) in `journal` and flushes them.
void owe_sales(reversal_journal& journal, int count) {
  for (int i = 1; i <= count; ++i) {
    auto advice = switchyard::make_reversal_advice(sale("00000" + std::to_string(i)), "68");
    journal.owe(static_cast<std::uint64_t>(i), *advice);
  }
  REQUIRE(journal.flush().empty());
}

// Limits the size of files this process writes to `bytes` while it lives (writes past the
// limit fail with EFBIG instead of raising SIGXFSZ).
struct file_size_limit {
  rlimit saved{};

  explicit file_size_limit(rlim_t bytes) {
    std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &saved);
    rlimit limit{bytes, saved.rlim_max};
    REQUIRE(setrlimit(RLIMIT_FSIZE, &limit) == 0);
  }

  ~file_size_limit() { setrlimit(RLIMIT_FSIZE, &saved); }
};

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
      store.sent(first, 1);
      store.acknowledge(1, "00", now); // settled
      CHECK(opened.journal->dirty());
      CHECK(opened.journal->flush().empty());
      CHECK_FALSE(opened.journal->dirty());
    }
    auto again = reversal_journal::open(dir.file(), ascii());
    REQUIRE(again.journal != nullptr);
    REQUIRE(again.owed.size() == 1);
    CHECK(again.quarantined_now == 0);
    const auto& advice = again.owed[0].advice;
    CHECK(advice.mti() == "0420");
    CHECK(advice.get(11) == "000002");
    CHECK(advice.get(39) == "91");
    CHECK(advice.get(90).substr(0, 10) == "0200000002");
  }

  TEST_CASE("a restored advice that went out is a repeat and later advices get higher ids") {
    temp_dir dir;
    std::uint64_t restored_id = 0;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      reversal_store store{10};
      store.attach(opened.journal.get());
      auto now = std::chrono::steady_clock::now();
      for (int i = 1; i <= 3; ++i)
        store.add(sale("00000" + std::to_string(i)), "68", now);
      store.sent(store.due(now).back(), 1);
      CHECK(opened.journal->flush().empty());
    }
    auto opened = reversal_journal::open(dir.file(), ascii());
    REQUIRE(opened.owed.size() == 3);
    CHECK_FALSE(opened.owed[0].sent_before);
    CHECK(opened.owed[2].sent_before);
    reversal_store store{10};
    auto now = std::chrono::steady_clock::now();
    for (auto& o : opened.owed)
      store.restore(o.id, o.advice, o.sent_before, now);
    restored_id = opened.owed.back().id;
    CHECK(store.advice(opened.owed[0].id).mti() == "0420");
    CHECK(store.advice(restored_id).mti() == "0421");
    store.attach(opened.journal.get());
    REQUIRE(store.add(sale("000009"), "68", now));
    auto ids = store.due(now);
    REQUIRE(ids.size() == 4);
    CHECK(ids.back() > restored_id);
  }

  TEST_CASE("a line torn by a crash is moved to the quarantine file, never deleted") {
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
    CHECK(opened.quarantined_now == 1);
    CHECK(opened.journal->quarantined() == 1);
    CHECK(read_file(opened.journal->quarantine_path()).find("owe 2 0420F23\n")
          != std::string::npos);
  }

  TEST_CASE("a journal is held by one owner at a time") {
    temp_dir dir;
    auto first = reversal_journal::open(dir.file(), ascii());
    REQUIRE(first.journal != nullptr);
    auto second = reversal_journal::open(dir.file(), ascii(), nullptr, 50ms);
    CHECK(second.journal == nullptr);
    CHECK(second.error.find("held by another") != std::string::npos);
    first.journal.reset();
    auto third = reversal_journal::open(dir.file(), ascii(), nullptr, 50ms);
    CHECK(third.journal != nullptr);
  }

  TEST_CASE("an unwritable place gives an error naming it") {
    auto opened = reversal_journal::open("/proc/switchyard-no-such-dir/reversals.journal", ascii(),
                                         nullptr, 10ms);
    CHECK(opened.journal == nullptr);
    CHECK(opened.error.find("/proc/switchyard-no-such-dir") != std::string::npos);
  }

  TEST_CASE("a write that fails half-way leaves no torn line: every record survives") {
    temp_dir dir;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      REQUIRE(opened.journal != nullptr);
      owe_sales(*opened.journal, 1);
      auto size = fs::file_size(dir.file());
      auto advice = switchyard::make_reversal_advice(sale("000002"), "68");
      opened.journal->owe(2, *advice);
      {
        // Room for part of the next line only: the write stops in its middle.
        file_size_limit limit{size + 40};
        CHECK_FALSE(opened.journal->flush().empty());
        CHECK(opened.journal->is_failing());
        CHECK(opened.journal->dirty());
      }
      CHECK(fs::file_size(dir.file()) == size); // the torn piece was cut off again
      CHECK(opened.journal->flush().empty());
      CHECK_FALSE(opened.journal->is_failing());
    }
    auto again = reversal_journal::open(dir.file(), ascii());
    REQUIRE(again.journal != nullptr);
    CHECK(again.owed.size() == 2);
    CHECK(again.quarantined_now == 0);
  }

  TEST_CASE("lines of another dialect are quarantined, not deleted, when the dialect changes") {
    temp_dir dir;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      owe_sales(*opened.journal, 3);
    }
    auto binary = reversal_journal::open(dir.file(), iso::iso87_binary());
    REQUIRE(binary.journal != nullptr);
    CHECK(binary.owed.empty());
    CHECK(binary.quarantined_now == 3);
    auto kept = read_file(binary.journal->quarantine_path());
    CHECK(kept.find("owe 1 ") != std::string::npos);
    CHECK(kept.find("owe 3 ") != std::string::npos);
    CHECK(kept.find("not a message of dialect iso87-binary") != std::string::npos);
    binary.journal.reset();
    auto again = reversal_journal::open(dir.file(), ascii());
    CHECK(again.journal->quarantined() == 3); // all time, shown to operators
  }

  TEST_CASE("a read error at open fails the open and leaves the file alone") {
    temp_dir dir;
    // Reading /proc/self/mem at offset 0 fails with EIO.
    fs::create_symlink("/proc/self/mem", dir.file());
    auto opened = reversal_journal::open(dir.file(), ascii(), nullptr, 10ms);
    CHECK(opened.journal == nullptr);
    CHECK(opened.error.find("cannot read") != std::string::npos);
    CHECK(fs::is_symlink(dir.file()));
  }

  TEST_CASE("sealed records hold no card number and open only under their key") {
    temp_dir dir;
    auto k1 = key(1);
    {
      auto opened = reversal_journal::open(dir.file(), ascii(), &k1);
      REQUIRE(opened.journal != nullptr);
      owe_sales(*opened.journal, 2);
    }
    auto text = read_file(dir.file());
    CHECK(text.find("4111111111111111") == std::string::npos);
    CHECK(text.find(iso::to_hex(iso::as_byte_view(std::string{"4111111111111111"})))
          == std::string::npos);
    CHECK(text.find("cipher=aes-256-gcm key=" + k1.fingerprint()) != std::string::npos);
    auto k2 = key(2);
    auto wrong = reversal_journal::open(dir.file(), ascii(), &k2, 10ms);
    CHECK(wrong.journal == nullptr);
    CHECK(wrong.error.find("key=" + k1.fingerprint()) != std::string::npos);
    auto none = reversal_journal::open(dir.file(), ascii(), nullptr, 10ms);
    CHECK(none.journal == nullptr);
    auto right = reversal_journal::open(dir.file(), ascii(), &k1);
    REQUIRE(right.journal != nullptr);
    REQUIRE(right.owed.size() == 2);
    CHECK(right.owed[0].advice.get(2) == "4111111111111111");
    CHECK(right.quarantined_now == 0);
  }

  TEST_CASE("a journal in clear is sealed once a key is configured") {
    temp_dir dir;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      owe_sales(*opened.journal, 1);
    }
    auto k1 = key(1);
    {
      auto opened = reversal_journal::open(dir.file(), ascii(), &k1);
      REQUIRE(opened.journal != nullptr);
      CHECK(opened.owed.size() == 1);
    }
    CHECK(read_file(dir.file()).find("owe 1 gcm:") != std::string::npos);
  }

  TEST_CASE("a sealed record moved to another id does not open") {
    auto k1 = key(1);
    auto sealed = k1.seal("0420 advice", "owe 1");
    CHECK(k1.open(sealed, "owe 1") == "0420 advice");
    CHECK_FALSE(k1.open(sealed, "owe 2").has_value());
    auto altered = sealed;
    altered[30] = altered[30] == 'A' ? 'B' : 'A';
    CHECK_FALSE(k1.open(altered, "owe 1").has_value());
  }

  TEST_CASE("a forwarded request is owed after a crash unless it was settled") {
    temp_dir dir;
    {
      auto opened = reversal_journal::open(dir.file(), ascii());
      opened.journal->forward(1, *switchyard::make_reversal_advice(sale("000001"), "68"));
      opened.journal->forward(2, *switchyard::make_reversal_advice(sale("000002"), "68"));
      opened.journal->settle(1);
      REQUIRE(opened.journal->flush().empty());
      CHECK(opened.journal->open_records() == 1);
    }
    auto again = reversal_journal::open(dir.file(), ascii());
    REQUIRE(again.owed.size() == 1);
    CHECK(again.owed[0].id == 2);
    CHECK_FALSE(again.owed[0].sent_before); // never went out: sent as an 0420
  }

  TEST_CASE("compaction keeps only what is open, and reopening finds the same") {
    temp_dir dir;
    auto opened = reversal_journal::open(dir.file(), ascii());
    auto advice = *switchyard::make_reversal_advice(sale("000001"), "68");
    for (std::uint64_t id = 1; id <= 20000; ++id) {
      opened.journal->forward(id, advice);
      if (id != 7)
        opened.journal->settle(id);
    }
    REQUIRE(opened.journal->flush().empty());
    auto before = fs::file_size(dir.file());
    CHECK(opened.journal->compact().empty());
    CHECK(fs::file_size(dir.file()) < before / 100);
    opened.journal->settle(7);
    opened.journal->owe(20001, advice);
    REQUIRE(opened.journal->flush().empty());
    opened.journal.reset();
    auto again = reversal_journal::open(dir.file(), ascii());
    REQUIRE(again.owed.size() == 1);
    CHECK(again.owed[0].id == 20001);
  }
}
