#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace switchyard::sim {

/// The shape of a response delay distribution.
enum class latency_shape : std::uint8_t {
  fixed,   ///< always `a_ms`
  uniform, ///< uniform between `a_ms` and `b_ms`
  normal,  ///< normal with mean `a_ms` and deviation `b_ms`, clamped at zero
};

/// A distribution of response delays in milliseconds.
struct latency_model {
  latency_shape shape = latency_shape::fixed; ///< which distribution
  double a_ms = 0;                            ///< fixed value, lower bound or mean
  double b_ms = 0;                            ///< upper bound or standard deviation
};

/// Parses "5", "uniform:1:10" or "normal:5:2" (milliseconds, fractions allowed); nothing
/// when the text is malformed, negative, or a uniform range is reversed.
std::optional<latency_model> parse_latency_model(std::string_view text);

/// Draws one delay from `model`, rounded to microseconds and never negative.
std::chrono::microseconds draw_latency(const latency_model& model, std::mt19937_64& rng);

} // namespace switchyard::sim
