#include "tools/sim-iso8583/latency_model.hpp"

#include <charconv>
#include <cmath>
#include <vector>

namespace switchyard::sim {

namespace {

std::optional<double> parse_ms(std::string_view text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value) || value < 0)
    return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = text.find(sep);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos)
      return parts;
    text.remove_prefix(at + 1);
  }
}

} // namespace

std::optional<latency_model> parse_latency_model(std::string_view text) {
  const auto parts = split(text, ':');
  if (parts.size() == 1) {
    const auto ms = parse_ms(parts[0]);
    return ms ? std::optional<latency_model>{{latency_shape::fixed, *ms, 0}} : std::nullopt;
  }
  if (parts.size() != 3)
    return std::nullopt;
  const auto a = parse_ms(parts[1]);
  const auto b = parse_ms(parts[2]);
  if (!a || !b)
    return std::nullopt;
  if (parts[0] == "uniform" && *a <= *b)
    return latency_model{latency_shape::uniform, *a, *b};
  if (parts[0] == "normal")
    return latency_model{latency_shape::normal, *a, *b};
  return std::nullopt;
}

std::chrono::microseconds draw_latency(const latency_model& model, std::mt19937_64& rng) {
  double ms = model.a_ms;
  switch (model.shape) {
    case latency_shape::fixed:
      break;
    case latency_shape::uniform:
      ms = std::uniform_real_distribution<double>{model.a_ms, model.b_ms}(rng);
      break;
    case latency_shape::normal:
      if (model.b_ms > 0)
        ms = std::normal_distribution<double>{model.a_ms, model.b_ms}(rng);
      break;
  }
  return std::chrono::microseconds{std::llround(std::max(ms, 0.0) * 1000.0)};
}

} // namespace switchyard::sim
