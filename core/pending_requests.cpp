#include "core/pending_requests.hpp"

#include "protocols/iso8583/response.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace switchyard::core {

namespace {

constexpr std::uint32_t max_stan = 999999;

constexpr std::uint64_t slot_mask = 0xffffffffU;

// Orders a std heap so that the earliest deadline, then the earliest added, is on top.
bool later(const auto& x, const auto& y) {
  return x.when != y.when ? x.when > y.when : x.sequence > y.sequence;
}

bool ends_later(const auto& x, const auto& y) {
  return x.until > y.until;
}

void append_value(std::pmr::string& key, std::string_view value) {
  // A length before each value keeps ("12", "3") and ("1", "23") apart.
  auto size = static_cast<std::uint32_t>(value.size());
  for (int shift = 0; shift < 32; shift += 8)
    key.push_back(static_cast<char>((size >> shift) & 0xffU));
  key.append(value);
}

} // namespace

pending_requests::pending_requests(std::vector<std::uint16_t> match_fields, duration tombstone_ttl,
                                   std::uint32_t stan_low, std::uint32_t stan_high)
    : match_fields_(std::move(match_fields)),
      tombstone_ttl_(tombstone_ttl),
      stan_low_(std::clamp<std::uint32_t>(stan_low, 1, max_stan)),
      stan_high_(std::clamp<std::uint32_t>(stan_high, stan_low_, max_stan)),
      next_stan_(stan_low_),
      pool_(std::make_unique<std::pmr::unsynchronized_pool_resource>()),
      index_(pool_.get()),
      tombstones_(pool_.get()),
      scratch_(pool_.get()) {}

pending_requests::add_result pending_requests::add(iso8583::message& request, std::uint32_t link,
                                                   time_point deadline, key_policy policy,
                                                   same_transaction same, const void* context) {
  if (!request.has_mti())
    return {0, pending_errc::missing_mti};
  auto mti = iso8583::response_mti(request.mti());
  if (!mti)
    return {0, pending_errc::not_a_request};
  if (!build_key(request, *mti, nullptr))
    return {0, pending_errc::missing_match_field};
  std::string original_stan;
  if (same != nullptr) {
    if (auto in_flight = index_.find(scratch_);
        in_flight != index_.end() && same(context, in_flight->second))
      return {0, pending_errc::duplicate};
  }
  if (policy == key_policy::keep_stan) {
    // The same transaction again: its key may be a tombstone of the earlier attempt, whose
    // late answer answers this one as well. The tombstone stays until it ends.
    if (index_.contains(scratch_))
      return {0, pending_errc::key_in_use};
  } else if (is_taken(scratch_)) {
    if (auto ec = assign_stan(request, *mti, original_stan))
      return {0, ec};
  }
  std::uint32_t slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  entry& e = slots_[slot];
  e.generation = e.generation == UINT32_MAX ? 1 : e.generation + 1;
  e.ticket = (static_cast<std::uint64_t>(e.generation) << 32) | slot;
  e.sequence = ++sequence_;
  e.link = link;
  e.deadline = deadline;
  e.original_stan = std::move(original_stan);
  e.key = &index_.emplace(scratch_, e.ticket).first->first;
  deadlines_.push_back({deadline, e.sequence, e.ticket});
  std::push_heap(deadlines_.begin(), deadlines_.end(),
                 [](auto& x, auto& y) { return later(x, y); });
  return {e.ticket, {}};
}

std::optional<pending_requests::matched> pending_requests::match(iso8583::message& response) {
  if (!response.has_mti() || !build_key(response, response.mti(), nullptr)) {
    ++late_responses_;
    return std::nullopt;
  }
  auto it = index_.find(scratch_);
  if (it == index_.end()) {
    ++late_responses_;
    return std::nullopt;
  }
  entry& e = *find(it->second);
  matched result{e.ticket, e.link};
  if (!e.original_stan.empty())
    response.set(11, e.original_stan);
  remove(e, std::nullopt);
  return result;
}

std::vector<std::uint64_t> pending_requests::expire(time_point now) {
  purge(now);
  std::vector<std::uint64_t> expired;
  while (!deadlines_.empty() && deadlines_.front().when <= now) {
    std::pop_heap(deadlines_.begin(), deadlines_.end(),
                  [](auto& x, auto& y) { return later(x, y); });
    auto mark = deadlines_.back();
    deadlines_.pop_back();
    if (entry* e = find(mark.ticket)) {
      expired.push_back(mark.ticket);
      remove(*e, now + tombstone_ttl_);
    }
  }
  return expired;
}

std::vector<std::uint64_t> pending_requests::fail_link(std::uint32_t link) {
  std::vector<deadline_mark> failed;
  for (const auto& e : slots_) {
    if (e.ticket != 0 && e.link == link)
      failed.push_back({e.deadline, e.sequence, e.ticket});
  }
  std::sort(failed.begin(), failed.end(), [](auto& x, auto& y) { return later(y, x); });
  std::vector<std::uint64_t> tickets;
  tickets.reserve(failed.size());
  for (const auto& mark : failed) {
    tickets.push_back(mark.ticket);
    remove(*find(mark.ticket), mark.when + tombstone_ttl_);
  }
  return tickets;
}

bool pending_requests::cancel(std::uint64_t ticket) {
  entry* e = find(ticket);
  if (e == nullptr)
    return false;
  // The upstream may still answer until the deadline, so the tombstone outlives it.
  remove(*e, e->deadline + tombstone_ttl_);
  return true;
}

std::optional<time_point> pending_requests::next_deadline() const {
  if (deadlines_.empty())
    return std::nullopt;
  return deadlines_.front().when;
}

bool pending_requests::build_key(const iso8583::message& m, std::string_view mti,
                                 const std::string_view* stan) {
  auto replaced = [&](std::uint16_t field) {
    return field == 11 && stan != nullptr;
  };
  if (std::any_of(match_fields_.begin(), match_fields_.end(),
                  [&](auto field) { return !replaced(field) && !m.has(field); }))
    return false;
  scratch_.clear();
  scratch_.append(mti);
  for (auto field : match_fields_)
    append_value(scratch_, replaced(field) ? *stan : m.get(field));
  return true;
}

bool pending_requests::is_taken(const key_string& key) const {
  return index_.contains(key) || tombstones_.contains(key);
}

std::error_code pending_requests::assign_stan(iso8583::message& request, std::string_view mti,
                                              std::string& original) {
  if (std::find(match_fields_.begin(), match_fields_.end(), 11) == match_fields_.end())
    return pending_errc::key_in_use;
  std::array<char, 6> digits{};
  for (std::uint32_t attempt = 0; attempt <= stan_high_ - stan_low_; ++attempt) {
    auto stan = next_stan_;
    next_stan_ = stan == stan_high_ ? stan_low_ : stan + 1;
    for (std::size_t i = digits.size(), rest = stan; i-- > 0; rest /= 10)
      digits[i] = static_cast<char>('0' + rest % 10);
    std::string_view candidate{digits.data(), digits.size()};
    build_key(request, mti, &candidate);
    if (is_taken(scratch_))
      continue;
    original = request.get(11);
    request.set(11, candidate);
    ++remapped_count_;
    return {};
  }
  return pending_errc::no_free_stan;
}

pending_requests::entry* pending_requests::find(std::uint64_t ticket) {
  auto slot = static_cast<std::size_t>(ticket & slot_mask);
  if (ticket == 0 || slot >= slots_.size() || slots_[slot].ticket != ticket)
    return nullptr;
  return &slots_[slot];
}

void pending_requests::remove(entry& e, std::optional<time_point> tombstone_until) {
  auto it = index_.find(*e.key);
  if (tombstone_until)
    bury(it->first, *tombstone_until);
  index_.erase(it);
  e.ticket = 0;
  e.key = nullptr;
  e.original_stan.clear();
  free_slots_.push_back(static_cast<std::uint32_t>(&e - slots_.data()));
  drop_stale_deadlines();
}

void pending_requests::bury(const key_string& key, time_point until) {
  auto [it, inserted] = tombstones_.try_emplace(key, until);
  // Each stored tombstone has marks of strictly increasing `until`; only the last erases it.
  if (!inserted && it->second >= until)
    return;
  it->second = until;
  tombstone_marks_.push_back({until, &it->first});
  std::push_heap(tombstone_marks_.begin(), tombstone_marks_.end(),
                 [](auto& x, auto& y) { return ends_later(x, y); });
}

void pending_requests::purge(time_point now) {
  while (!tombstone_marks_.empty() && tombstone_marks_.front().until <= now) {
    std::pop_heap(tombstone_marks_.begin(), tombstone_marks_.end(),
                  [](auto& x, auto& y) { return ends_later(x, y); });
    auto mark = tombstone_marks_.back();
    tombstone_marks_.pop_back();
    auto it = tombstones_.find(*mark.key);
    if (it != tombstones_.end() && it->second == mark.until)
      tombstones_.erase(it);
  }
}

void pending_requests::drop_stale_deadlines() {
  auto heap_order = [](auto& x, auto& y) {
    return later(x, y);
  };
  // Marks of matched or cancelled requests stay in the heap; rebuilding it once they are the
  // majority keeps its size within twice the requests in flight at O(1) amortized cost.
  if (deadlines_.size() > 2 * size() + 64) {
    std::erase_if(deadlines_, [this](const auto& mark) { return find(mark.ticket) == nullptr; });
    std::make_heap(deadlines_.begin(), deadlines_.end(), heap_order);
  }
  while (!deadlines_.empty() && find(deadlines_.front().ticket) == nullptr) {
    std::pop_heap(deadlines_.begin(), deadlines_.end(), heap_order);
    deadlines_.pop_back();
  }
}

} // namespace switchyard::core
