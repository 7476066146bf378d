#pragma once

// Which provider a new subscription is pinned to: one whose WebSocket link is up (taking
// turns), else one whose link is being opened, else one not known to be unreachable, else
// the one that failed longest ago; a provider whose calls fail (no HTTP connection up) comes
// after every other. A plain class; time is a parameter.

#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

namespace switchyard {

/// The WebSocket link state of a network's providers, as far as choosing one goes.
class subscription_hosts {
public:
  using clock = std::chrono::steady_clock;

  /// Tracks `count` providers (at least one); one that could not be reached is passed over
  /// for `rest` unless none other can be tried.
  explicit subscription_hosts(std::size_t count,
                              std::chrono::milliseconds rest = std::chrono::seconds(5));

  /// A link to `host` is being opened.
  void connecting(std::size_t host);

  /// The link to `host` is up: it is reachable again.
  void up(std::size_t host);

  /// The link to `host` is gone; when it never came up (`was_up` false), the provider is
  /// unreachable as of `now`.
  void down(std::size_t host, bool was_up, clock::time_point now);

  /// The network's calls to `host` fail (`down`) or work again: a subscription should not be
  /// pinned to it while another provider is fine.
  void calls_down(std::size_t host, bool down);

  /// Returns whether `host` could not be reached less than `rest` before `now`.
  bool is_resting(std::size_t host, clock::time_point now) const;

  /// Returns the provider for a new subscription at `now`.
  std::size_t choose(clock::time_point now);

private:
  enum class link_state : unsigned char { none, connecting, up };

  struct host_state {
    link_state link = link_state::none;
    std::optional<clock::time_point> failed_at;
    bool calls_down = false;
  };

  int rank(std::size_t host, clock::time_point now) const;

  std::vector<host_state> hosts_;
  std::chrono::milliseconds rest_;
  std::size_t next_ = 0;
};

} // namespace switchyard
