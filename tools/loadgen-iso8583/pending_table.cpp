#include "tools/loadgen-iso8583/pending_table.hpp"

#include <algorithm>

namespace switchyard::loadgen {

namespace {

constexpr std::uint32_t max_stan = 999999;

} // namespace

pending_table::pending_table(std::uint32_t capacity)
    : slots_(std::clamp<std::uint32_t>(capacity, 1, max_stan)),
      generations_(max_stan / static_cast<std::uint32_t>(slots_.size())) {
  free_.reserve(slots_.size());
  // Reversed so that slot 0 is used first: STANs start at 000001.
  for (auto i = static_cast<std::uint32_t>(slots_.size()); i > 0; --i)
    free_.push_back(i - 1);
}

std::uint32_t pending_table::stan_of(std::uint32_t index) const noexcept {
  return slots_[index].generation * static_cast<std::uint32_t>(slots_.size()) + index + 1;
}

std::uint32_t pending_table::acquire(clock::time_point sent, std::uint64_t sequence) {
  const auto index = free_.back();
  free_.pop_back();
  slot& s = slots_[index];
  s.sent = sent;
  s.sequence = sequence;
  s.busy = true;
  ++in_flight_;
  return stan_of(index);
}

std::optional<pending_table::request> pending_table::release(std::uint32_t stan) {
  if (stan == 0)
    return std::nullopt;
  const auto index = static_cast<std::uint32_t>((stan - 1) % slots_.size());
  if (!slots_[index].busy || stan_of(index) != stan)
    return std::nullopt;
  const request ended{slots_[index].sent, slots_[index].sequence};
  free_slot(index);
  return ended;
}

std::vector<std::uint64_t> pending_table::expire(clock::time_point cutoff) {
  std::vector<std::uint64_t> expired;
  for (std::uint32_t i = 0; i < slots_.size() && in_flight_ > 0; ++i) {
    if (slots_[i].busy && slots_[i].sent < cutoff) {
      expired.push_back(slots_[i].sequence);
      free_slot(i);
    }
  }
  return expired;
}

std::vector<std::uint64_t> pending_table::clear() {
  return expire(clock::time_point::max());
}

void pending_table::free_slot(std::uint32_t index) {
  slot& s = slots_[index];
  s.busy = false;
  s.generation = (s.generation + 1) % generations_;
  free_.push_back(index);
  --in_flight_;
}

} // namespace switchyard::loadgen
