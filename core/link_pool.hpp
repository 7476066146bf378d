#pragma once

// The hosts and pooled links of one upstream network, whatever its protocol: which link takes
// the next request (balancer across hosts, breaker last, least-loaded link within a host),
// links coming and going, overflow links under load and recycling by age. Plain logic: time
// and randomness are parameters; the caller owns the sockets and does what the pool says.

#include "config/settings.hpp"
#include "core/circuit_breaker.hpp"
#include "core/latency_histogram.hpp"
#include "core/latency_tracker.hpp"
#include "core/load_balancer.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace switchyard::core {

/// One network's hosts and links.
class link_pool {
public:
  /// What the pool needs done: connections to replace or close (see maintain).
  struct work {
    std::vector<std::uint32_t> recycle; ///< drained links past their age: reconnect them now
    std::vector<std::uint32_t> close;   ///< overflow links idle long enough: close for good
  };

  /// Creates the pool of `network`'s hosts (weights, breakers, pool limits).
  link_pool(const config::network_settings& network, unit_random random);

  /// Registers link `id` as belonging to host `host` (an index into the network's hosts);
  /// an `overflow` link is an extra one opened under load.
  void add_link(std::uint32_t id, std::size_t host, bool overflow = false);

  /// Forgets link `id` (an overflow link that closed). An overflow link that never came up
  /// holds off the next one a while.
  void remove_link(std::uint32_t id, time_point now);

  /// Returns whether link `id` is an overflow link.
  bool is_overflow(std::uint32_t id) const;

  /// Marks link `id` able to carry requests as of `now`; false when it is unknown or was up.
  bool link_up(std::uint32_t id, time_point now);

  /// Marks link `id` down (a failure of its host when it was up); false when it is unknown.
  /// The caller gives up what was in flight on it (abandoned, once per request).
  bool link_down(std::uint32_t id, time_point now);

  /// Takes link `id` out of rotation while it stays connected (signed off by the upstream).
  void take_out(std::uint32_t id);

  /// Returns whether link `id` is up and known.
  bool is_up(std::uint32_t id) const;

  /// Returns the host of link `id` (which must be known).
  std::size_t host_of(std::uint32_t id) const;

  /// Keeps bursts together on links that carry many requests at once (ISO 8583): the link
  /// that took the last request keeps taking them while it has requests in flight and carries
  /// at most `slack` more than the least-loaded link of its host. 0 (the default) turns it
  /// off, for links that carry one request or a few at a time.
  void keep_bursts_together(std::uint32_t slack) noexcept { burst_slack_ = slack; }

  /// Chooses a link for the next request at `now`: a host by the balancer among those with
  /// an up link, asked last whether its breaker lets the request through, then its link with
  /// the fewest requests in flight (round robin among equals; see keep_bursts_together). A
  /// half-open breaker's trial slot goes with the answer: give it back with cancelled() if
  /// the request does not go.
  std::optional<std::uint32_t> choose(time_point now);

  /// A request went out on link `id`: counted on the link and its host; a host whose links
  /// are all busy may ask for an overflow link.
  void started(std::uint32_t id, time_point now);

  /// A request on link `id` got its answer or timed out: the link is less busy.
  void finished(std::uint32_t id, time_point now);

  /// The request on host `host` ended: `ok` (answered; `latency`) or a failure for its breaker.
  void settled(std::size_t host, bool ok, duration latency, time_point now);

  /// The request on host `host` ended with its link gone: no verdict on the host.
  void abandoned(std::size_t host);

  /// Gives back a half-open trial slot choose() took for a request that did not go.
  void cancelled(std::size_t host);

  /// Returns the hosts whose every connection is busy and that may open one more
  /// (pool_overflow), once each until that connection is up or gone; clears the list.
  std::vector<std::size_t> take_overflow_requests();

  /// Drains links older than pool_max_age_ms (one per host at a time, and only while another
  /// of its links carries traffic) and says which drained ones to reconnect; closes overflow
  /// links idle for pool_overflow_idle_ms. Links to recycle are already marked down: their
  /// requests in flight (none but the caller's own traffic, such as advices) are given up.
  work maintain(time_point now);

  /// Returns whether some link has neither come up nor failed yet, or none was added yet.
  bool is_starting() const noexcept { return untried_links_ > 0 || links_.empty(); }

  /// Closes host `host`'s breaker and forgets its recent outcomes (an operator's word).
  void reset_breaker(std::size_t host, time_point now) { hosts_[host].breaker.reset(now); }

  /// Returns the state of host `host`'s breaker at `now`.
  breaker_state breaker(std::size_t host, time_point now) const {
    return hosts_[host].breaker.state(now);
  }

  /// Returns how many times host `host`'s breaker opened since the pool was made.
  std::uint64_t breaker_opened(std::size_t host) const {
    return hosts_[host].breaker.opened_count();
  }

  /// Returns how long the network's answered requests took (settled with `ok`).
  const latency_histogram& answered_latency() const noexcept { return answered_; }

  /// Returns whether any link is up.
  bool any_up() const noexcept { return links_up_ > 0; }

  /// Returns up links and requests in flight of host `host`.
  std::pair<std::uint32_t, std::uint32_t> host_load(std::size_t host) const;

  /// Returns how many up links of host `host` have a request in flight.
  std::uint32_t busy_links(std::size_t host) const { return hosts_[host].busy_links; }

  /// Returns the number of links and of those up.
  std::pair<std::uint32_t, std::uint32_t> link_counts() const noexcept {
    return {static_cast<std::uint32_t>(links_.size()), links_up_};
  }

private:
  struct host_state {
    explicit host_state(const config::breaker_settings& b) : breaker(b) {}

    circuit_breaker breaker;
    latency_tracker latency;
    std::vector<std::uint32_t> links;
    std::uint32_t pending = 0;
    std::size_t next_link = 0;
    std::optional<std::uint32_t> burst_link; // took the last request (see least_loaded_link)
    std::uint32_t up_links = 0;              // kept by link_up/link_down: no scan per request
    std::uint32_t busy_links = 0;            // up links with a request in flight
    std::uint32_t overflow_links = 0;        // extra links opened under load (up or not)
    bool overflow_requested = false;         // one more asked for and not up yet
    time_point overflow_blocked_until;       // after an overflow link failed to come up
  };

  struct link_state {
    std::size_t host = 0;
    bool up = false;
    bool tried = false; // came up or failed at least once
    bool overflow = false;
    bool draining = false; // takes no new requests: to be recycled once empty
    bool ever_up = false;
    std::uint32_t in_flight = 0;
    time_point up_since;
    time_point idle_since;
  };

  void mark_tried(link_state& link);
  void take_down(link_state& link);
  link_state& link_of(std::uint32_t id);
  const link_state& link_of(std::uint32_t id) const;
  bool pool_complete(const host_state& host) const;
  bool pool_carries(const host_state& host) const;
  bool carries_traffic(const link_state& link) const;
  void ask_for_overflow(std::size_t host, time_point now);
  void start_draining(std::uint32_t id, link_state& link, work& out);
  std::optional<std::uint32_t> least_loaded_link(host_state& host);

  config::network_settings network_;
  load_balancer balancer_;
  std::vector<host_state> hosts_;
  latency_histogram answered_;
  std::unordered_map<std::uint32_t, link_state> links_;
  std::vector<host_view> views_;
  std::uint32_t links_up_ = 0;
  std::uint32_t burst_slack_ = 0; // see keep_bursts_together
  std::uint32_t untried_links_ = 0;
  std::vector<std::size_t> overflow_requests_;
};

} // namespace switchyard::core
