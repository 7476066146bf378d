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

bool subscription_hosts::is_resting(std::size_t host, clock::time_point now) const {
  const auto& failed = hosts_[host].failed_at;
  return failed && now - *failed < rest_;
}

int subscription_hosts::rank(std::size_t host, clock::time_point now) const {
  switch (hosts_[host].link) {
    case link_state::up:
      return 0;
    case link_state::connecting:
      return 1;
    case link_state::none:
      break;
  }
  return is_resting(host, now) ? 3 : 2;
}

std::size_t subscription_hosts::choose(clock::time_point now) {
  auto n = hosts_.size();
  auto best = next_ % n;
  for (std::size_t k = 1; k < n; ++k) {
    auto i = (next_ + k) % n;
    auto r = rank(i, now);
    auto b = rank(best, now);
    if (r < b || (r == 3 && b == 3 && *hosts_[i].failed_at < *hosts_[best].failed_at))
      best = i;
  }
  next_ = best + 1;
  return best;
}

} // namespace switchyard
