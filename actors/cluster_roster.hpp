#pragma once

#include "actors/messages.hpp"
#include "core/backoff.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace switchyard {

/// Where a node's admin actor is published.
struct cluster_endpoint {
  std::string host;
  std::uint16_t port = 0;

  std::string text() const { return host + ":" + std::to_string(port); }

  friend bool operator<(const cluster_endpoint& x, const cluster_endpoint& y) {
    return x.host != y.host ? x.host < y.host : x.port < y.port;
  }

  friend bool operator==(const cluster_endpoint&, const cluster_endpoint&) = default;
};

/// Returns where `card`'s node is published.
inline cluster_endpoint endpoint_of(const member_card& card) {
  return {card.host, card.port};
}

/// Who belongs to the cluster as this node knows it, and which endpoints to dial next: the
/// seeds until one answers, members heard of from peers, and unreachable members again with
/// backoff (a restarted peer may refuse the first connects). Plain state: the cluster actor
/// tells it what it hears and dials what it says; tests drive it with made-up times.
class cluster_roster {
public:
  cluster_roster(member_card self, std::vector<cluster_endpoint> seeds,
                 core::backoff_settings redial, core::unit_random random, core::time_point now);

  /// This node's own card.
  const member_card& self() const noexcept { return self_; }

  /// Returns why `card` cannot join (its name is taken), or an empty string.
  std::string conflict(const member_card& card) const;

  /// True when `card` names a node worth dialing: unknown, restarted, or not up, and no dial
  /// to its endpoint under way. Never true for this node's own card.
  bool wants_dial(const member_card& card) const;

  /// Marks a dial to `where` as started; false when one is under way already.
  bool begin_dial(const cluster_endpoint& where);

  /// The dial to `where` failed: it is tried again after a backoff delay. A member
  /// published there that was up becomes unreachable. Returns the member's name, if any,
  /// whose state changed that way.
  std::optional<std::string> dial_failed(const cluster_endpoint& where, const std::string& why,
                                         core::time_point now);

  /// The dial to `where` reached this node itself (a seed list names every node).
  void dialed_self(const cluster_endpoint& where);

  /// The dial to `where` reached the node `card` describes (or a peer passed its card on).
  /// Returns true when that is news: a member not up before (new, restarted, back from
  /// unreachable) or a newer card; an older version of a card already known changes nothing.
  bool joined(const cluster_endpoint& where, const member_card& card, core::time_point now);

  /// The connection to member `name` was lost: it is unreachable and redialed with backoff.
  /// False when it was not up.
  bool lost(const std::string& name, const std::string& why, core::time_point now);

  /// Endpoints to dial now: seeds that reached no node yet and unreachable members whose
  /// delay ran out, without a dial under way. Each is returned once per delay.
  std::vector<cluster_endpoint> due(core::time_point now);

  /// Puts `definitions` (the networks defined at runtime here) on this node's card; true when
  /// that changed it (a new version to gossip).
  bool define(std::vector<std::string> definitions);

  /// This node's card first, then every member up.
  std::vector<member_card> up_cards() const;

  /// Every member known and this node, for operators.
  std::vector<member_status> statuses(core::time_point now) const;

  /// This node now serves `networks` (connected and healthy): true when that changed its
  /// card (whose version then grows), so peers must be told.
  bool serve(std::vector<std::string> networks);

  /// The dial to `where` ended without news: the node there joined this one meanwhile.
  void dial_settled(const cluster_endpoint& where);

  /// The member that is up and published at `where`, if any.
  const member_card* up_at(const cluster_endpoint& where) const;

  /// The member that is up under `name`, if any.
  const member_card* up_member(const std::string& name) const;

  /// How many attempts the dials to `where` failed in a row.
  std::uint32_t failures(const cluster_endpoint& where) const;

private:
  enum class member_state { up, unreachable };

  struct member {
    member_card card;
    member_state state = member_state::up;
    core::time_point since;
    std::string detail;
  };

  struct target {
    explicit target(core::backoff backoff) : delays(std::move(backoff)) {}

    core::backoff delays;
    core::time_point next{};
    bool seed = false;
    bool dialing = false;
    bool is_self = false;
    std::string member; ///< the node it reached last
    std::uint32_t failures = 0;
    std::string last_error;
  };

  target& target_at(const cluster_endpoint& where);
  bool satisfied(const target& t) const;

  member_card self_;
  core::backoff_settings redial_;
  core::unit_random random_;
  std::map<std::string, member> members_;
  std::map<cluster_endpoint, target> targets_;
  core::time_point started_{};
};

} // namespace switchyard
