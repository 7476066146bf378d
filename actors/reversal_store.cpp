#include "actors/reversal_store.hpp"

#include "actors/reversal_journal.hpp"

#include <algorithm>
#include <string>

namespace switchyard {

namespace {

constexpr auto first_retry = std::chrono::seconds(1);
constexpr auto last_retry = std::chrono::seconds(60);

// Digits of `value` right-aligned in `width` zeros (field 90's fixed sub-fields).
std::string zero_padded(std::string_view value, std::size_t width) {
  if (value.size() >= width)
    return std::string{value.substr(value.size() - width)};
  return std::string(width - value.size(), '0') + std::string{value};
}

} // namespace

std::optional<iso8583::message> make_reversal_advice(const iso8583::message& request,
                                                     std::string_view reason) {
  auto mti = request.mti();
  if (mti != "0100" && mti != "0200")
    return std::nullopt;
  iso8583::message advice;
  advice.set_mti("0420");
  for (int field : {2, 3, 4, 7, 11, 12, 13, 14, 18, 22, 25, 32, 37, 41, 42, 49})
    if (auto value = request.find(field))
      advice.set(field, *value);
  advice.set(39, reason);
  // ISO 8583:1987 field 90: original MTI, STAN, transmission date and time, acquiring
  // and forwarding institution codes (n 42).
  advice.set(90, std::string{mti} + zero_padded(request.get(11), 6)
                   + zero_padded(request.get(7), 10) + zero_padded(request.get(32), 11)
                   + std::string(11, '0'));
  return advice;
}

reversal_store::reversal_store(std::size_t capacity) : capacity_(capacity) {}

bool reversal_store::add(const iso8583::message& request, std::string_view reason,
                         core::time_point now) {
  auto advice = make_reversal_advice(request, reason);
  if (!advice)
    return false;
  if (entries_.size() >= capacity_) {
    ++refused_;
    return false;
  }
  auto id = next_id_++;
  if (journal_)
    journal_->owe(id, *advice);
  entries_.emplace(id, entry{std::move(*advice), 0, now, false});
  return true;
}

bool reversal_store::restore(std::uint64_t id, iso8583::message advice, core::time_point now) {
  if (entries_.size() >= capacity_ || entries_.contains(id)) {
    ++refused_;
    return false;
  }
  next_id_ = std::max(next_id_, id + 1);
  entries_.emplace(id, entry{std::move(advice), 1, now, false});
  return true;
}

std::vector<std::uint64_t> reversal_store::due(core::time_point now) const {
  std::vector<std::uint64_t> ids;
  for (const auto& [id, e] : entries_)
    if (!e.in_flight && e.due <= now)
      ids.push_back(id);
  return ids;
}

iso8583::message reversal_store::advice(std::uint64_t id) const {
  const auto& e = entries_.at(id);
  auto advice = e.advice;
  if (e.attempts > 0)
    advice.set_mti("0421"); // a repeat
  return advice;
}

void reversal_store::sent(std::uint64_t id, std::uint64_t ticket) {
  auto& e = entries_.at(id);
  e.in_flight = true;
  ++e.attempts;
  tickets_[ticket] = id;
}

bool reversal_store::acknowledge(std::uint64_t ticket) {
  auto t = tickets_.find(ticket);
  if (t == tickets_.end())
    return false;
  if (journal_)
    journal_->settle(t->second);
  entries_.erase(t->second);
  tickets_.erase(t);
  ++acknowledged_;
  return true;
}

bool reversal_store::retry_later(std::uint64_t ticket, core::time_point now) {
  auto t = tickets_.find(ticket);
  if (t == tickets_.end())
    return false;
  auto& e = entries_.at(t->second);
  auto shift = std::min<std::uint32_t>(e.attempts - 1, 6);
  e.due = now + std::min<core::duration>(first_retry * (1 << shift), last_retry);
  e.in_flight = false;
  tickets_.erase(t);
  return true;
}

void reversal_store::postpone(std::uint64_t id, core::time_point now) {
  entries_.at(id).due = now + first_retry;
}

void reversal_store::discard(std::uint64_t id) {
  if (journal_)
    journal_->settle(id);
  entries_.erase(id);
  ++refused_;
}

std::optional<core::time_point> reversal_store::next_due() const {
  std::optional<core::time_point> next;
  for (const auto& [id, e] : entries_)
    if (!e.in_flight && (!next || e.due < *next))
      next = e.due;
  return next;
}

} // namespace switchyard
