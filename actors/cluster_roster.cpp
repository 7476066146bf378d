#include "actors/cluster_roster.hpp"

#include <algorithm>

namespace switchyard {

namespace {

std::int64_t elapsed_ms(core::time_point since, core::time_point now) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count();
}

} // namespace

cluster_roster::cluster_roster(member_card self, std::vector<cluster_endpoint> seeds,
                               core::backoff_settings redial, core::unit_random random,
                               core::time_point now)
    : self_(std::move(self)), redial_(redial), random_(std::move(random)), started_(now) {
  for (auto& where : seeds)
    target_at(where).seed = true;
}

std::string cluster_roster::conflict(const member_card& card) const {
  if (card.name == self_.name) {
    if (endpoint_of(card) == endpoint_of(self_) && card.incarnation == self_.incarnation)
      return {};
    return "node name '" + card.name + "' of " + card.host + ":" + std::to_string(card.port)
           + " is this node's own name: give every node of the cluster its own [node] name";
  }
  auto i = members_.find(card.name);
  if (i != members_.end() && i->second.state == member_state::up
      && endpoint_of(i->second.card) != endpoint_of(card))
    return "node name '" + card.name + "' of " + card.host + ":" + std::to_string(card.port)
           + " is taken by the node at " + endpoint_of(i->second.card).text()
           + ": give every node of the cluster its own [node] name";
  return {};
}

bool cluster_roster::wants_dial(const member_card& card) const {
  if (card.name == self_.name || !conflict(card).empty())
    return false;
  if (auto t = targets_.find(endpoint_of(card)); t != targets_.end() && t->second.dialing)
    return false;
  auto i = members_.find(card.name);
  return i == members_.end() || i->second.state != member_state::up
         || i->second.card.incarnation != card.incarnation;
}

bool cluster_roster::begin_dial(const cluster_endpoint& where) {
  auto& t = target_at(where);
  if (t.dialing)
    return false;
  t.dialing = true;
  return true;
}

std::optional<std::string> cluster_roster::dial_failed(const cluster_endpoint& where,
                                                       const std::string& why,
                                                       core::time_point now) {
  auto& t = target_at(where);
  t.dialing = false;
  ++t.failures;
  t.last_error = why;
  t.next = now + t.delays.next_delay();
  std::optional<std::string> changed;
  for (auto& [name, m] : members_) {
    if (endpoint_of(m.card) != where)
      continue;
    if (m.state == member_state::up) {
      m.state = member_state::unreachable;
      m.since = now;
      changed = name;
    }
    m.detail = why;
  }
  return changed;
}

void cluster_roster::dialed_self(const cluster_endpoint& where) {
  auto& t = target_at(where);
  t.dialing = false;
  t.is_self = true;
}

bool cluster_roster::joined(const cluster_endpoint& where, const member_card& card,
                            core::time_point now) {
  auto& t = target_at(where);
  t.dialing = false;
  t.failures = 0;
  t.delays.reset();
  t.member = card.name;
  // The card's own endpoint is where to find the member again should it go away.
  if (endpoint_of(card) != where)
    target_at(endpoint_of(card)).member = card.name;
  auto [i, added] = members_.try_emplace(card.name);
  auto& m = i->second;
  // Cards travel by several peers: one older than what is known (same incarnation) is stale.
  if (!added && m.state == member_state::up && m.card.incarnation == card.incarnation
      && card.version < m.card.version)
    return false;
  bool news = added || m.state != member_state::up || m.card.incarnation != card.incarnation
              || m.card.networks != card.networks || m.card.definitions != card.definitions
              || endpoint_of(m.card) != endpoint_of(card);
  if (news) {
    m.since = now;
    m.detail.clear();
  }
  m.card = card;
  m.state = member_state::up;
  return news;
}

bool cluster_roster::lost(const std::string& name, const std::string& why, core::time_point now) {
  auto i = members_.find(name);
  if (i == members_.end() || i->second.state != member_state::up)
    return false;
  i->second.state = member_state::unreachable;
  i->second.since = now;
  i->second.detail = why;
  auto& t = target_at(endpoint_of(i->second.card));
  t.member = name;
  t.next = now + t.delays.next_delay();
  return true;
}

bool cluster_roster::satisfied(const target& t) const {
  if (t.is_self)
    return true;
  if (t.member.empty())
    return !t.seed; // an endpoint heard of but never reached is dialed when heard of again
  auto i = members_.find(t.member);
  return i != members_.end() && i->second.state == member_state::up;
}

std::vector<cluster_endpoint> cluster_roster::due(core::time_point now) {
  std::vector<cluster_endpoint> result;
  for (auto& [where, t] : targets_) {
    if (t.dialing || satisfied(t) || now < t.next)
      continue;
    result.push_back(where);
  }
  return result;
}

std::vector<member_card> cluster_roster::up_cards() const {
  std::vector<member_card> cards{self_};
  for (const auto& [name, m] : members_)
    if (m.state == member_state::up)
      cards.push_back(m.card);
  return cards;
}

std::vector<member_status> cluster_roster::statuses(core::time_point now) const {
  std::vector<member_status> rows;
  rows.push_back({self_.name,
                  endpoint_of(self_).text(),
                  "self",
                  elapsed_ms(started_, now),
                  self_.incarnation,
                  self_.networks,
                  {}});
  for (const auto& [name, m] : members_)
    rows.push_back({name, endpoint_of(m.card).text(),
                    m.state == member_state::up ? "up" : "unreachable", elapsed_ms(m.since, now),
                    m.card.incarnation, m.card.networks, m.detail});
  // Seeds that never answered are shown too: an operator sees a wrong seed at once.
  for (const auto& [where, t] : targets_)
    if (t.seed && t.member.empty() && !t.is_self)
      rows.push_back({"?",
                      where.text(),
                      "unreachable",
                      elapsed_ms(started_, now),
                      0,
                      {},
                      "seed, not reached in " + std::to_string(t.failures) + " attempts"
                        + (t.last_error.empty() ? "" : ": " + t.last_error)});
  return rows;
}

bool cluster_roster::serve(std::vector<std::string> networks) {
  if (networks == self_.networks)
    return false;
  self_.networks = std::move(networks);
  ++self_.version;
  return true;
}

bool cluster_roster::define(std::vector<std::string> definitions) {
  if (definitions == self_.definitions)
    return false;
  self_.definitions = std::move(definitions);
  ++self_.version;
  return true;
}

void cluster_roster::dial_settled(const cluster_endpoint& where) {
  auto& t = target_at(where);
  t.dialing = false;
  t.failures = 0;
  t.delays.reset();
}

const member_card* cluster_roster::up_at(const cluster_endpoint& where) const {
  for (const auto& [name, m] : members_)
    if (m.state == member_state::up && endpoint_of(m.card) == where)
      return &m.card;
  return nullptr;
}

const member_card* cluster_roster::up_member(const std::string& name) const {
  auto i = members_.find(name);
  return i != members_.end() && i->second.state == member_state::up ? &i->second.card : nullptr;
}

std::uint32_t cluster_roster::failures(const cluster_endpoint& where) const {
  auto i = targets_.find(where);
  return i == targets_.end() ? 0 : i->second.failures;
}

cluster_roster::target& cluster_roster::target_at(const cluster_endpoint& where) {
  auto i = targets_.find(where);
  if (i == targets_.end())
    i = targets_.emplace(where, target{core::backoff{redial_, random_}}).first;
  return i->second;
}

} // namespace switchyard
