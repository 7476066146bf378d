#include "actors/iso8583/reversal_store.hpp"

#include "actors/iso8583/reversal_journal.hpp"

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

// The reason a forward record carries: should the node die, the outcome is unknown.
constexpr std::string_view unknown_outcome = "68";

} // namespace

bool is_reversible(std::string_view mti) {
  return mti == "0100" || mti == "0200" || mti == "0101" || mti == "0201";
}

bool settles_advice(std::string_view code) {
  // ISO 8583:1987 field 39: 00 approved (reversed), 25 unable to locate the original (nothing
  // stands to reverse), 94 duplicate transmission (the issuer has this advice already).
  return code == "00" || code == "25" || code == "94";
}

std::optional<iso8583::message> make_reversal_advice(const iso8583::message& request,
                                                     std::string_view reason) {
  auto mti = request.mti();
  if (!is_reversible(mti))
    return std::nullopt;
  iso8583::message advice;
  advice.set_mti("0420");
  for (int field : {2, 3, 4, 7, 11, 12, 13, 14, 18, 22, 25, 32, 37, 41, 42, 49})
    if (auto value = request.find(field))
      advice.set(field, *value);
  advice.set(39, reason);
  // ISO 8583:1987 field 90: original MTI, STAN, transmission date and time, acquiring
  // and forwarding institution codes (n 42). A repeat (0101, 0201) is the same transaction
  // as its original: the original MTI is the original's.
  std::string original_mti{mti.substr(0, 3)};
  original_mti += '0';
  advice.set(90, original_mti + zero_padded(request.get(11), 6) + zero_padded(request.get(7), 10)
                   + zero_padded(request.get(32), 11) + std::string(11, '0'));
  return advice;
}

reversal_store::reversal_store(std::size_t limit) : limit_(limit) {}

void reversal_store::store(std::uint64_t id, iso8583::message advice, core::time_point now,
                           std::optional<std::uint32_t> link) {
  if (auto old = entries_.find(id); old != entries_.end())
    unschedule(id, old->second);
  entries_.insert_or_assign(id, entry{std::move(advice), 0, now, false, link});
  waiting_.emplace(now, id);
}

void reversal_store::unschedule(std::uint64_t id, const entry& e) {
  if (!e.in_flight)
    waiting_.erase({e.due, id});
}

void reversal_store::set_due(std::uint64_t id, entry& e, core::time_point due) {
  unschedule(id, e);
  e.due = due;
  e.in_flight = false;
  waiting_.emplace(due, id);
}

bool reversal_store::add(const iso8583::message& request, std::string_view reason,
                         core::time_point now, std::optional<std::uint32_t> link) {
  auto advice = make_reversal_advice(request, reason);
  if (!advice)
    return false;
  auto id = next_id_++;
  if (journal_)
    journal_->owe(id, *advice);
  store(id, std::move(*advice), now, link);
  return true;
}

void reversal_store::restore(std::uint64_t id, iso8583::message advice, bool sent_before,
                             core::time_point now) {
  next_id_ = std::max(next_id_, id + 1);
  store(id, std::move(advice), now, std::nullopt);
  entries_.at(id).attempts = sent_before ? 1 : 0;
}

std::uint64_t reversal_store::forward(const iso8583::message& request) {
  if (!journal_ || !is_reversible(request.mti()))
    return 0;
  auto advice = make_reversal_advice(request, unknown_outcome);
  auto id = next_id_++;
  journal_->forward(id, *advice);
  return id;
}

void reversal_store::forward_settled(std::uint64_t id) {
  if (journal_)
    journal_->settle(id);
}

void reversal_store::forward_owed(std::uint64_t id, const iso8583::message& request,
                                  std::string_view reason, core::time_point now,
                                  std::optional<std::uint32_t> link) {
  if (auto advice = make_reversal_advice(request, reason))
    store(id, std::move(*advice), now, link);
}

std::vector<std::uint64_t> reversal_store::due(core::time_point now, std::size_t max) const {
  std::vector<std::uint64_t> ids;
  for (auto i = waiting_.begin(); i != waiting_.end() && i->first <= now && ids.size() < max; ++i)
    ids.push_back(i->second);
  std::sort(ids.begin(), ids.end()); // oldest first
  return ids;
}

std::optional<std::uint32_t> reversal_store::required_link(std::uint64_t id) const {
  return entries_.at(id).link;
}

void reversal_store::link_lost(std::uint32_t link) {
  for (auto& [id, e] : entries_)
    if (e.link == link)
      e.link.reset();
}

iso8583::message reversal_store::advice(std::uint64_t id) const {
  const auto& e = entries_.at(id);
  auto advice = e.advice;
  if (e.attempts > 0)
    advice.set_mti("0421"); // a repeat: the same message, fields and STAN included
  return advice;
}

void reversal_store::sent(std::uint64_t id, std::uint64_t ticket) {
  auto& e = entries_.at(id);
  unschedule(id, e);
  e.in_flight = true;
  e.link.reset(); // written after its original: any link will do from now on
  ++e.attempts;
  tickets_[ticket] = id;
  if (journal_)
    journal_->sent(id);
}

bool reversal_store::acknowledge(std::uint64_t ticket, std::string_view code,
                                 core::time_point now) {
  auto t = tickets_.find(ticket);
  if (t == tickets_.end())
    return false;
  auto id = t->second;
  tickets_.erase(t);
  auto& e = entries_.at(id);
  if (!settles_advice(code)) {
    ++refused_by_issuer_;
    schedule_retry(id, e, now);
    return true;
  }
  if (journal_)
    journal_->settle(id);
  unschedule(id, e);
  entries_.erase(id);
  ++acknowledged_;
  return true;
}

bool reversal_store::retry_later(std::uint64_t ticket, core::time_point now) {
  auto t = tickets_.find(ticket);
  if (t == tickets_.end())
    return false;
  schedule_retry(t->second, entries_.at(t->second), now);
  tickets_.erase(t);
  return true;
}

void reversal_store::schedule_retry(std::uint64_t id, entry& e, core::time_point now) {
  auto shift = std::min<std::uint32_t>(e.attempts > 0 ? e.attempts - 1 : 0, 6);
  set_due(id, e, now + std::min<core::duration>(first_retry * (1 << shift), last_retry));
}

void reversal_store::postpone(std::uint64_t id, core::time_point now, core::duration after) {
  set_due(id, entries_.at(id), now + after);
}

std::size_t reversal_store::make_due(core::time_point now) {
  std::vector<std::uint64_t> later;
  for (const auto& [due, id] : waiting_)
    if (due > now)
      later.push_back(id);
  for (auto id : later)
    set_due(id, entries_.at(id), now);
  return waiting_.size();
}

std::optional<core::time_point> reversal_store::next_due() const {
  if (waiting_.empty())
    return std::nullopt;
  return waiting_.begin()->first;
}

std::vector<owed_advice_view> reversal_store::list(std::size_t max) const {
  std::vector<owed_advice_view> rows;
  for (const auto& [id, e] : entries_) {
    if (rows.size() >= max)
      break;
    rows.push_back({id, advice(id), e.attempts, e.due, e.in_flight});
  }
  return rows;
}

} // namespace switchyard
