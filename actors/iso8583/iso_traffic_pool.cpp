#include "actors/iso8583/iso_traffic.hpp"

// The link and pool side of iso_traffic: the protocol-neutral core::link_pool decides; what
// is ISO 8583's here is what a link's coming and going means for the requests and reversal
// advices on it.

namespace switchyard {

void iso_traffic::add_link(std::uint32_t id, std::size_t host, bool overflow) {
  pool_.add_link(id, host, overflow);
}

void iso_traffic::remove_link(std::uint32_t id, core::time_point now) {
  pool_.remove_link(id, now);
  release_tickets(id, now);
}

bool iso_traffic::is_overflow(std::uint32_t id) const {
  return pool_.is_overflow(id);
}

// Reversal advices still pending on a link that closed on purpose go out again later.
void iso_traffic::release_tickets(std::uint32_t id, core::time_point now) {
  for (auto ticket : pending_.fail_link(id))
    if (!in_flight_.contains(ticket))
      reversals_.retry_later(ticket, now);
}

void iso_traffic::link_up(std::uint32_t id, core::time_point now) {
  if (pool_.link_up(id, now))
    reversals_held_until_ = {}; // advices may go out at once
}

std::vector<std::size_t> iso_traffic::take_overflow_requests() {
  return pool_.take_overflow_requests();
}

iso_traffic::pool_work iso_traffic::maintain_pool(core::time_point now) {
  auto work = pool_.maintain(now);
  for (auto id : work.recycle)
    release_tickets(id, now);
  return work;
}

} // namespace switchyard
