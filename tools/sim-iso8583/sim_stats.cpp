#include "tools/sim-iso8583/sim_stats.hpp"

#include <cstdio>
#include <mutex>

namespace switchyard::sim {

void sim_stats::count(issuer_outcome outcome) noexcept {
  constexpr auto relaxed = std::memory_order_relaxed;
  switch (outcome) {
    case issuer_outcome::approved:
      approved.fetch_add(1, relaxed);
      return;
    case issuer_outcome::declined:
      declined.fetch_add(1, relaxed);
      return;
    case issuer_outcome::failed:
      errors.fetch_add(1, relaxed);
      return;
    case issuer_outcome::malformed:
      malformed.fetch_add(1, relaxed);
      return;
    case issuer_outcome::dropped:
      dropped.fetch_add(1, relaxed);
      return;
    case issuer_outcome::ignored:
      ignored.fetch_add(1, relaxed);
      return;
  }
}

std::string to_string(const sim_stats& s) {
  std::string out;
  const auto add = [&out](std::string_view name, const std::atomic<std::uint64_t>& value) {
    if (!out.empty())
      out += ' ';
    out.append(name).append("=").append(std::to_string(value.load()));
  };
  add("connections", s.connections);
  add("requests", s.requests);
  add("approved", s.approved);
  add("declined", s.declined);
  add("errors", s.errors);
  add("malformed", s.malformed);
  add("dropped", s.dropped);
  add("ignored", s.ignored);
  return out;
}

void log_line(std::string_view text) {
  static std::mutex mutex;
  const std::lock_guard lock{mutex};
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
}

} // namespace switchyard::sim
