// Rate-limited warnings: a line per key and interval, with the count of those held back.

#include "actors/io/log_limiter.hpp"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

using namespace switchyard;
using namespace std::chrono_literals;

TEST_SUITE("log limiter") {
  TEST_CASE("one line per key and interval, the next one counting those held back") {
    log_limiter limits{1000ms};
    auto t0 = log_limiter::clock::time_point{} + 1h;
    CHECK(limits.admit("garbage", t0) == std::optional<std::string>{""});
    CHECK_FALSE(limits.admit("garbage", t0 + 10ms).has_value());
    CHECK_FALSE(limits.admit("garbage", t0 + 999ms).has_value());
    // Another key has its own budget.
    CHECK(limits.admit("refused", t0 + 10ms) == std::optional<std::string>{""});
    CHECK(limits.admit("garbage", t0 + 1000ms)
          == std::optional<std::string>{" (2 more since the last line)"});
    // The count starts afresh after each line that went out.
    CHECK(limits.admit("garbage", t0 + 2000ms) == std::optional<std::string>{""});
  }

  TEST_CASE("threads hammering one key let exactly one line through per interval") {
    log_limiter limits{1h};
    std::atomic<int> admitted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 1000; ++i)
          if (limits.admit("flood"))
            ++admitted;
      });
    for (auto& t : threads)
      t.join();
    CHECK(admitted == 1);
  }
}
