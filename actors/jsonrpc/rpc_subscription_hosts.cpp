#include "actors/jsonrpc/rpc_subscription_hosts.hpp"

namespace switchyard {

subscription_hosts::subscription_hosts(std::size_t count, std::chrono::milliseconds rest)
    : hosts_(count), rest_(rest) {}

void subscription_hosts::connecting(std::size_t host) {
  hosts_[host].link = link_state::connecting;
}

void subscription_hosts::up(std::size_t host) {
  hosts_[host].link = link_state::up;
  hosts_[host].failed_at.reset();
}

void subscription_hosts::down(std::size_t host, bool was_up, clock::time_point now) {
  hosts_[host].link = link_state::none;
  if (!was_up)
    hosts_[host].failed_at = now;
}

void subscription_hosts::calls_down(std::size_t host, bool down) {
  hosts_[host].calls_down = down;
}

bool subscription_hosts::is_resting(std::size_t host, clock::time_point now) const {
  const auto& failed = hosts_[host].failed_at;
  return failed && now - *failed < rest_;
}

int subscription_hosts::rank(std::size_t host, clock::time_point now) const {
  // A provider whose calls fail ranks after every provider whose calls work.
  int penalty = hosts_[host].calls_down ? 4 : 0;
  switch (hosts_[host].link) {
    case link_state::up:
      return penalty;
    case link_state::connecting:
      return penalty + 1;
    case link_state::none:
      break;
  }
  return penalty + (is_resting(host, now) ? 3 : 2);
}

std::size_t subscription_hosts::choose(clock::time_point now) {
  auto n = hosts_.size();
  auto best = next_ % n;
  for (std::size_t k = 1; k < n; ++k) {
    auto i = (next_ + k) % n;
    auto r = rank(i, now);
    auto b = rank(best, now);
    bool both_resting = r == b && is_resting(i, now) && is_resting(best, now)
                        && hosts_[i].link == link_state::none
                        && hosts_[best].link == link_state::none;
    if (r < b || (both_resting && *hosts_[i].failed_at < *hosts_[best].failed_at))
      best = i;
  }
  next_ = best + 1;
  return best;
}

} // namespace switchyard
