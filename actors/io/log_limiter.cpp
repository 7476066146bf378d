#include "actors/io/log_limiter.hpp"

namespace switchyard {

std::optional<std::string> log_limiter::admit(std::string_view key, clock::time_point now) {
  std::lock_guard guard{mutex_};
  auto [it, fresh] = keys_.try_emplace(std::string{key});
  auto& s = it->second;
  if (!fresh && now - s.last < interval_) {
    ++s.held;
    return std::nullopt;
  }
  s.last = now;
  std::string suffix;
  if (s.held > 0)
    suffix = " (" + std::to_string(s.held) + " more since the last line)";
  s.held = 0;
  return suffix;
}

void log_limited(log_limiter& limits, log_level level, std::string_view component,
                 std::string_view key, std::string_view text) {
  if (!log_enabled(level))
    return;
  if (auto suffix = limits.admit(key))
    log(level, component, std::string{text} + *suffix);
}

} // namespace switchyard
