#include "tools/sim-iso8583/latency_model.hpp"

#include <doctest/doctest.h>

using namespace switchyard::sim;
using std::chrono::microseconds;

TEST_SUITE("sim latency model") {
  TEST_CASE("fixed uniform and normal distributions parse") {
    const auto fixed = parse_latency_model("5");
    REQUIRE(fixed);
    CHECK(fixed->shape == latency_shape::fixed);
    CHECK(fixed->a_ms == 5);
    const auto uniform = parse_latency_model("uniform:1:10");
    REQUIRE(uniform);
    CHECK(uniform->shape == latency_shape::uniform);
    CHECK(uniform->b_ms == 10);
    const auto normal = parse_latency_model("normal:5:2.5");
    REQUIRE(normal);
    CHECK(normal->shape == latency_shape::normal);
    CHECK(normal->b_ms == 2.5);
  }

  TEST_CASE("malformed negative and reversed distributions are rejected") {
    for (const char* text : {"", "-1", "x", "uniform:10:1", "uniform:1", "poisson:1:2", "1:2",
                             "normal:5:2:1", "uniform:1:1e999"}) {
      CAPTURE(text);
      CHECK_FALSE(parse_latency_model(text));
    }
  }

  TEST_CASE("draws stay within the distribution and never go negative") {
    std::mt19937_64 rng{42};
    CHECK(draw_latency(*parse_latency_model("0.5"), rng) == microseconds{500});
    const auto uniform = *parse_latency_model("uniform:1:10");
    const auto normal = *parse_latency_model("normal:1:5");
    for (int i = 0; i < 1000; ++i) {
      const auto u = draw_latency(uniform, rng);
      CHECK(u >= microseconds{1000});
      CHECK(u <= microseconds{10000});
      CHECK(draw_latency(normal, rng) >= microseconds{0});
    }
  }

  TEST_CASE("the same seed draws the same delays") {
    const auto model = *parse_latency_model("normal:5:2");
    std::mt19937_64 a{7};
    std::mt19937_64 b{7};
    for (int i = 0; i < 100; ++i)
      CHECK(draw_latency(model, a) == draw_latency(model, b));
  }
}
