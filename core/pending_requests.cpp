#include "core/pending_requests.hpp"

#include <algorithm>
#include <utility>

namespace switchyard::core {

namespace {

constexpr std::uint64_t slot_mask = 0xffffffffU;

// Orders a std heap so that the earliest deadline, then the earliest added, is on top.
bool later(const auto& x, const auto& y) {
  return x.when != y.when ? x.when > y.when : x.sequence > y.sequence;
}

bool ends_later(const auto& x, const auto& y) {
  return x.until > y.until;
}

} // namespace

pending_requests::pending_requests(duration tombstone_ttl)
    : tombstone_ttl_(tombstone_ttl),
      pool_(std::make_unique<std::pmr::unsynchronized_pool_resource>()),
      index_(pool_.get()),
      tombstones_(pool_.get()),
      scratch_(pool_.get()) {}

// The pmr maps are looked up with a key of their own type: copying into one kept buffer
// allocates nothing once it has grown to the longest key.
const pending_requests::key_string& pending_requests::scratch(std::string_view key) const {
  scratch_.assign(key);
  return scratch_;
}

bool pending_requests::is_taken(std::string_view key) const {
  const auto& k = scratch(key);
  return index_.contains(k) || tombstones_.contains(k);
}

std::optional<std::uint64_t> pending_requests::in_flight(std::string_view key) const {
  auto it = index_.find(scratch(key));
  if (it == index_.end())
    return std::nullopt;
  return it->second;
}

std::uint64_t pending_requests::add(std::string_view key, std::uint32_t link, time_point deadline) {
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
  e.key = &index_.insert_or_assign(scratch(key), e.ticket).first->first;
  deadlines_.push_back({deadline, e.sequence, e.ticket});
  std::push_heap(deadlines_.begin(), deadlines_.end(),
                 [](auto& x, auto& y) { return later(x, y); });
  return e.ticket;
}

std::optional<pending_requests::matched> pending_requests::match(std::string_view key) {
  auto it = index_.find(scratch(key));
  if (it == index_.end()) {
    ++late_responses_;
    return std::nullopt;
  }
  entry& e = *find(it->second);
  matched result{e.ticket, e.link};
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
