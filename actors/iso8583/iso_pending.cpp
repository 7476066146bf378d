#include "actors/iso8583/iso_pending.hpp"

#include "protocols/iso8583/response.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace switchyard {

namespace {

constexpr std::uint32_t max_stan = 999999;

void append_value(std::string& key, std::string_view value) {
  // A length before each value keeps ("12", "3") and ("1", "23") apart.
  auto size = static_cast<std::uint32_t>(value.size());
  for (int shift = 0; shift < 32; shift += 8)
    key.push_back(static_cast<char>((size >> shift) & 0xffU));
  key.append(value);
}

// Unlike any value's length: an absent field never keys like an empty one.
void append_absent(std::string& key) {
  key.append(4, '\xff');
}

} // namespace

iso_pending::iso_pending(std::vector<std::uint16_t> match_fields, core::duration tombstone_ttl,
                         std::uint32_t stan_low, std::uint32_t stan_high)
    : match_fields_(std::move(match_fields)),
      stan_low_(std::clamp<std::uint32_t>(stan_low, 1, max_stan)),
      stan_high_(std::clamp<std::uint32_t>(stan_high, stan_low_, max_stan)),
      next_stan_(stan_low_),
      table_(tombstone_ttl) {}

iso_pending::add_result iso_pending::add(iso8583::message& request, std::uint32_t link,
                                         core::time_point deadline, key_policy policy,
                                         same_transaction same, const void* context) {
  if (!request.has_mti())
    return {0, pending_errc::missing_mti};
  auto mti = iso8583::response_mti(request.mti());
  if (!mti)
    return {0, pending_errc::not_a_request};
  if (!build_key(request, *mti, nullptr))
    return {0, pending_errc::missing_match_field};
  std::string original_stan;
  auto in_flight = table_.in_flight(key_);
  if (same != nullptr && in_flight && same(context, *in_flight))
    return {0, pending_errc::duplicate};
  if (policy == key_policy::keep_stan) {
    // The same transaction again: its key may be a tombstone of the earlier attempt, whose
    // late answer answers this one as well.
    if (in_flight)
      return {0, pending_errc::key_in_use};
  } else if (in_flight || table_.is_taken(key_)) {
    if (auto ec = assign_stan(request, *mti, original_stan))
      return {0, ec};
  }
  auto ticket = table_.add(key_, link, deadline);
  if (!original_stan.empty())
    original_stans_.emplace(ticket, std::move(original_stan));
  return {ticket, {}};
}

std::optional<iso_pending::matched> iso_pending::match(iso8583::message& response) {
  if (!response.has_mti() || !build_key(response, response.mti(), nullptr)) {
    table_.count_late();
    return std::nullopt;
  }
  auto m = table_.match(key_);
  if (m && !original_stans_.empty()) {
    if (auto original = original_stans_.find(m->ticket); original != original_stans_.end()) {
      response.set(11, original->second);
      original_stans_.erase(original);
    }
  }
  return m;
}

std::vector<std::uint64_t> iso_pending::expire(core::time_point now) {
  auto expired = table_.expire(now);
  forget(expired);
  return expired;
}

std::vector<std::uint64_t> iso_pending::fail_link(std::uint32_t link) {
  auto failed = table_.fail_link(link);
  forget(failed);
  return failed;
}

bool iso_pending::cancel(std::uint64_t ticket) {
  original_stans_.erase(ticket);
  return table_.cancel(ticket);
}

void iso_pending::forget(const std::vector<std::uint64_t>& tickets) {
  if (original_stans_.empty())
    return;
  for (auto ticket : tickets)
    original_stans_.erase(ticket);
}

// A match field the request lacks (an 0800 or a 0200 without field 41) is keyed as absent:
// the issuer's answer lacks it as well, so the two still meet. Only the STAN cannot be
// missing: ISO 8583:1987 requires field 11 in every request, and it is what tells two
// requests of one terminal apart (and what a switch-assigned STAN replaces).
bool iso_pending::build_key(const iso8583::message& m, std::string_view mti,
                            const std::string_view* stan) {
  auto replaced = [&](std::uint16_t field) {
    return field == 11 && stan != nullptr;
  };
  if (!replaced(11) && !m.has(11)
      && std::find(match_fields_.begin(), match_fields_.end(), 11) != match_fields_.end())
    return false;
  key_.clear();
  key_.append(mti);
  for (auto field : match_fields_) {
    if (replaced(field))
      append_value(key_, *stan);
    else if (auto value = m.find(field))
      append_value(key_, *value);
    else
      append_absent(key_);
  }
  return true;
}

std::error_code iso_pending::assign_stan(iso8583::message& request, std::string_view mti,
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
    if (table_.is_taken(key_))
      continue;
    original = request.get(11);
    request.set(11, candidate);
    ++remapped_count_;
    return {};
  }
  // key_ holds the last candidate now: rebuilt when the request is tried again.
  return pending_errc::no_free_stan;
}

} // namespace switchyard
