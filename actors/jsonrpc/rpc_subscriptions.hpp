#pragma once

// Which client subscription sits on which provider subscription: one network's book of
// subscriptions, keyed both ways, each pinned to the host that created it. A plain class
// (no I/O, no threads of its own); the network's subscription upstream owns one on its
// strand.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard {

/// Where a client's subscriptions are delivered: its WebSocket session. Called from the
/// network's thread; implementations hand over to their own.
class subscription_sink {
public:
  virtual ~subscription_sink() = default;

  /// Delivers `message`, a notification already under the client's id `client_id`.
  virtual void relay(const std::string& client_id, std::string message) = 0;

  /// The subscription `client_id` is over; `message` (empty: none) is its last notification.
  virtual void end(const std::string& client_id, std::string message) = 0;
};

/// One client subscription and the provider subscription it relays.
struct subscription_entry {
  std::string client_id;   ///< the id the client was given
  std::size_t host = 0;    ///< the provider (the network's host index) it is pinned to
  std::string provider_id; ///< the id the provider gave
  std::weak_ptr<subscription_sink> sink;
};

/// Makes the ids clients are given for their subscriptions: "0x" and 16 hex digits, unique
/// in the process (a bijective mix of a counter starting at `seed`). Safe from any thread.
class subscription_ids {
public:
  /// Starts the sequence at `seed` (randomness comes from the caller).
  explicit subscription_ids(std::uint64_t seed) : next_(seed) {}

  /// Returns a new id.
  std::string next();

private:
  std::atomic<std::uint64_t> next_;
};

/// The subscriptions of one network.
class subscription_registry {
public:
  /// Adds `entry`; false (nothing added) when its client id, or its provider id on its host,
  /// is taken already.
  bool add(subscription_entry entry);

  /// Returns the subscription the provider `host` calls `provider_id`, or null.
  const subscription_entry* by_provider(std::size_t host, std::string_view provider_id) const;

  /// Returns the subscription the client calls `client_id`, or null.
  const subscription_entry* by_client(std::string_view client_id) const;

  /// Removes the subscription `client_id` and returns it, or nothing when there is none.
  std::optional<subscription_entry> remove(std::string_view client_id);

  /// Removes every subscription pinned to `host` (its provider was lost) and returns them.
  std::vector<subscription_entry> remove_host(std::size_t host);

  /// Removes every subscription and returns them.
  std::vector<subscription_entry> clear();

  /// Returns how many subscriptions are pinned to `host`.
  std::size_t count_on(std::size_t host) const;

  /// Returns how many subscriptions there are.
  std::size_t size() const noexcept { return by_client_.size(); }

private:
  using provider_key = std::pair<std::size_t, std::string>;

  std::map<std::string, subscription_entry, std::less<>> by_client_;
  std::map<provider_key, std::string> by_provider_; // -> client id
};

} // namespace switchyard
