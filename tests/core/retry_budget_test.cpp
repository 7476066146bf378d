#include "core/retry_budget.hpp"

#include "tests/core/chrono_output.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;
using switchyard::core::retry_budget;
using switchyard::core::retry_budget_settings;
using switchyard::core::time_point;

namespace {

const time_point t0{};

retry_budget_settings without_reserve(double ratio, double max_tokens = 100.0) {
  retry_budget_settings s;
  s.ratio = ratio;
  s.max_tokens = max_tokens;
  s.min_retries_per_second = 0.0;
  return s;
}

void send_requests(retry_budget& b, int n, time_point now) {
  for (int i = 0; i < n; ++i)
    b.record_request(now);
}

} // namespace

TEST_SUITE("retry_budget") {
  TEST_CASE("without traffic and without a reserve no retry is allowed") {
    retry_budget b{without_reserve(0.1), t0};
    CHECK_FALSE(b.can_retry(t0));
    CHECK_FALSE(b.try_withdraw(t0));
    CHECK(b.denied_count() == 1);
  }

  TEST_CASE("one retry is earned per 1 / ratio requests") {
    retry_budget b{without_reserve(0.25), t0};
    send_requests(b, 3, t0);
    CHECK_FALSE(b.can_retry(t0));
    b.record_request(t0);
    CHECK(b.can_retry(t0));
    CHECK(b.try_withdraw(t0));
    CHECK_FALSE(b.try_withdraw(t0));
  }

  TEST_CASE("the budget runs out and refills with further traffic") {
    retry_budget b{without_reserve(0.5), t0};
    send_requests(b, 6, t0);
    CHECK(b.try_withdraw(t0));
    CHECK(b.try_withdraw(t0));
    CHECK(b.try_withdraw(t0));
    CHECK_FALSE(b.try_withdraw(t0));
    send_requests(b, 2, t0 + 1s);
    CHECK(b.try_withdraw(t0 + 1s));
    CHECK(b.denied_count() == 1);
  }

  TEST_CASE("deposited tokens are capped at max_tokens") {
    retry_budget b{without_reserve(1.0, 3.0), t0};
    send_requests(b, 50, t0);
    CHECK(b.tokens() == doctest::Approx(3.0));
    for (int i = 0; i < 3; ++i)
      CHECK(b.try_withdraw(t0));
    CHECK_FALSE(b.try_withdraw(t0));
  }

  TEST_CASE("can_retry does not withdraw anything") {
    retry_budget b{without_reserve(1.0), t0};
    b.record_request(t0);
    for (int i = 0; i < 5; ++i)
      CHECK(b.can_retry(t0));
    CHECK(b.tokens() == doctest::Approx(1.0));
  }

  TEST_CASE("the reserve allows the minimum retries of one window without traffic") {
    retry_budget_settings s = without_reserve(0.1);
    s.min_retries_per_second = 2.0;
    s.min_retries_window = 3s;
    retry_budget b{s, t0};
    for (int i = 0; i < 6; ++i)
      CHECK(b.try_withdraw(t0));
    CHECK_FALSE(b.try_withdraw(t0));
  }

  TEST_CASE("the reserve refills at the minimum rate and no further than one window") {
    retry_budget_settings s = without_reserve(0.1);
    s.min_retries_per_second = 2.0;
    s.min_retries_window = 1s;
    retry_budget b{s, t0};
    CHECK(b.try_withdraw(t0));
    CHECK(b.try_withdraw(t0));
    CHECK_FALSE(b.can_retry(t0 + 499ms));
    CHECK(b.can_retry(t0 + 500ms));
    CHECK(b.reserve(t0 + 1h) == doctest::Approx(2.0));
  }

  TEST_CASE("deposited tokens are spent before the reserve") {
    retry_budget_settings s = without_reserve(1.0);
    s.min_retries_per_second = 1.0;
    s.min_retries_window = 1s;
    retry_budget b{s, t0};
    b.record_request(t0);
    CHECK(b.try_withdraw(t0));
    CHECK(b.tokens() == doctest::Approx(0.0));
    CHECK(b.reserve(t0) == doctest::Approx(1.0));
  }

  TEST_CASE("a clock reading earlier than the last one adds no reserve") {
    retry_budget_settings s = without_reserve(0.1);
    s.min_retries_per_second = 1.0;
    s.min_retries_window = 1s;
    retry_budget b{s, t0 + 10s};
    CHECK(b.try_withdraw(t0 + 10s));
    CHECK_FALSE(b.try_withdraw(t0 + 5s));
    CHECK(b.reserve(t0 + 5s) == doctest::Approx(0.0));
  }

  TEST_CASE("budget settings take their ratio from the retry settings") {
    switchyard::config::retry_settings retry;
    retry.budget_ratio = 0.3;
    auto s = switchyard::core::to_budget_settings(retry);
    CHECK(s.ratio == doctest::Approx(0.3));
    CHECK(s.max_tokens == doctest::Approx(retry_budget_settings{}.max_tokens));
  }
}
