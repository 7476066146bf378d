#include "actors/iso8583/remapped_stans.hpp"

#include <functional>

namespace switchyard {

acquirer_reference reference_of(const iso8583::message& request) {
  return {std::string{request.mti().substr(0, 3)}, std::string{request.get(41)},
          std::string{request.get(11)}, std::string{request.get(7)}};
}

std::optional<acquirer_reference> original_of(const iso8583::message& reversal) {
  auto data = reversal.find(90);
  if (!data || data->size() < 20)
    return std::nullopt;
  // Field 90: original MTI (4), STAN (6), transmission date and time (10), ...
  return acquirer_reference{std::string{data->substr(0, 3)}, std::string{reversal.get(41)},
                            std::string{data->substr(4, 6)}, std::string{data->substr(10, 10)}};
}

std::size_t remapped_stans::reference_hash::operator()(const acquirer_reference& r) const noexcept {
  std::hash<std::string> h;
  return h(r.terminal) ^ (h(r.stan) << 1) ^ (h(r.sent_at) << 2) ^ (h(r.mti_class) << 3);
}

remapped_stans::remapped_stans(core::duration memory, std::size_t max_entries)
    : memory_(memory), max_entries_(max_entries) {}

void remapped_stans::remember(acquirer_reference ref, std::string upstream_stan, std::string rrn,
                              std::uint64_t ticket) {
  if (entries_.size() >= max_entries_ && !finished_.empty()) {
    auto [when, oldest] = finished_.front();
    finished_.pop_front();
    if (auto e = entries_.find(oldest); e != entries_.end() && e->second.ticket == 0) {
      entries_.erase(e);
      ++evicted_;
    }
  }
  entries_.insert_or_assign(std::move(ref),
                            entry{std::move(upstream_stan), std::move(rrn), ticket, {}});
}

std::optional<std::uint64_t> remapped_stans::in_flight(const acquirer_reference& ref,
                                                       std::string_view rrn) const {
  auto e = entries_.find(ref);
  if (e == entries_.end() || e->second.ticket == 0)
    return std::nullopt;
  // A retrieval reference on both that differs names another transaction.
  if (!rrn.empty() && !e->second.rrn.empty() && rrn != e->second.rrn)
    return std::nullopt;
  return e->second.ticket;
}

std::optional<std::string> remapped_stans::upstream_stan(const acquirer_reference& ref) const {
  auto e = entries_.find(ref);
  if (e == entries_.end())
    return std::nullopt;
  return e->second.upstream_stan;
}

void remapped_stans::finished(const acquirer_reference& ref, std::uint64_t ticket,
                              core::time_point now) {
  auto e = entries_.find(ref);
  if (e == entries_.end() || e->second.ticket != ticket)
    return;
  e->second.ticket = 0;
  e->second.forget_at = now + memory_;
  finished_.emplace_back(e->second.forget_at, ref);
}

void remapped_stans::purge(core::time_point now) {
  while (!finished_.empty() && finished_.front().first <= now) {
    auto e = entries_.find(finished_.front().second);
    // Only the entry's latest finish forgets it: it may have been remembered again since.
    if (e != entries_.end() && e->second.ticket == 0 && e->second.forget_at <= now)
      entries_.erase(e);
    finished_.pop_front();
  }
}

} // namespace switchyard
