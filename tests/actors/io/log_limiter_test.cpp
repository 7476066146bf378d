// Rate-limited warnings: a few lines per key and interval, then the count of those held back.

#include "actors/io/log_limiter.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace switchyard;
using namespace std::chrono_literals;

namespace {

constexpr auto by_hand = log_limiter::summaries::on_demand;

} // namespace

TEST_SUITE("log limiter") {
  TEST_CASE("one line per key and interval, the next one owing the count held back") {
    log_limiter limits{1000ms, 1, by_hand};
    auto t0 = log_limiter::clock::time_point{} + 1h;
    CHECK(limits.admit("garbage", t0).write);
    CHECK_FALSE(limits.admit("garbage", t0 + 10ms).write);
    CHECK_FALSE(limits.admit("garbage", t0 + 999ms).write);
    // Another key has its own budget.
    CHECK(limits.admit("refused", t0 + 10ms).write);
    auto next = limits.admit("garbage", t0 + 1000ms);
    CHECK(next.write);
    CHECK(next.suppressed == 2);
    // The count starts afresh with each interval.
    auto later = limits.admit("garbage", t0 + 2000ms);
    CHECK(later.write);
    CHECK(later.suppressed == 0);
  }

  TEST_CASE("a burst of N lines passes per interval before lines are held back") {
    log_limiter limits{1000ms, 3, by_hand};
    auto t0 = log_limiter::clock::time_point{} + 1h;
    int written = 0;
    for (int i = 0; i < 10; ++i)
      written += limits.admit("garbage", t0 + std::chrono::milliseconds(i)).write;
    CHECK(written == 3);
    CHECK(limits.admit("garbage", t0 + 1000ms).suppressed == 7);
  }

  TEST_CASE("flush reports what an ended interval held back, once, with where it goes") {
    log_limiter limits{1000ms, 1, by_hand};
    auto t0 = log_limiter::clock::time_point{} + 1h;
    limits.admit("garbage", t0, log_level::info, "iso-in", "visa");
    for (int i = 0; i < 5; ++i)
      limits.admit("garbage", t0 + 10ms, log_level::info, "iso-in", "visa");
    limits.admit("quiet", t0);
    CHECK(limits.flush(t0 + 999ms).empty());
    auto due = limits.flush(t0 + 1000ms);
    REQUIRE(due.size() == 1);
    CHECK(due[0].key == "garbage");
    CHECK(due[0].suppressed == 5);
    CHECK(due[0].component == "iso-in");
    CHECK(due[0].network == "visa");
    CHECK(due[0].level == log_level::info);
    CHECK(limits.flush(t0 + 3000ms).empty());
    // The key was forgotten with its summary: the next line is the first of a new interval.
    auto again = limits.admit("garbage", t0 + 3000ms);
    CHECK(again.write);
    CHECK(again.suppressed == 0);
  }

  TEST_CASE("threads hammering one key let exactly one line through per interval") {
    log_limiter limits{1h, 1, by_hand};
    std::atomic<int> admitted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 1000; ++i)
          if (limits.admit("flood").write)
            ++admitted;
      });
    for (auto& t : threads)
      t.join();
    CHECK(admitted == 1);
  }
}
