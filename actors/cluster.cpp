#include "actors/cluster.hpp"

#include "actors/admin.hpp"
#include "actors/cluster_roster.hpp"
#include "actors/directory.hpp"
#include "actors/io/log.hpp"
#include "actors/network_catalog.hpp"
#include "core/random_source.hpp"

#include "caf/all.hpp"
#include "caf/io/middleman.hpp"
#include "caf/io/middleman_actor.hpp"
#include "caf/openssl/manager.hpp"

#include <map>
#include <random>

namespace switchyard {

namespace {

// Connecting includes CAF's handshake: a port speaking another protocol never completes it.
constexpr auto dial_timeout = std::chrono::seconds(5);
constexpr auto tick_interval = std::chrono::milliseconds(250);
// A restarted peer may refuse the first connects: start soon, settle at a few seconds.
const core::backoff_settings redial_delays{std::chrono::milliseconds(250), std::chrono::seconds(5),
                                           core::jitter_kind::full};
// Failures of one endpoint are logged at the first and then every this many attempts.
constexpr std::uint32_t failure_log_every = 20;

struct cluster_state {
  std::shared_ptr<const config::gateway_settings> settings;
  std::shared_ptr<network_catalog> catalog;
  std::mt19937_64 engine{std::random_device{}()};
  std::unique_ptr<cluster_roster> roster;
  std::map<std::string, admin_actor> peers; ///< admin actors of members up, by name
  static inline const char* name = "cluster";
};

using cluster_pointer = cluster_actor::stateful_pointer<cluster_state>;

core::time_point now() {
  return std::chrono::steady_clock::now();
}

std::string networks_text(const member_card& card) {
  std::string text;
  for (const auto& n : card.networks)
    text += (text.empty() ? "" : ",") + n;
  return text.empty() ? "none" : text;
}

// Says what went wrong with a dial in an operator's words.
std::string reason_text(cluster_pointer self, const caf::error& err) {
  if (err.category() == caf::atom("system")) {
    switch (static_cast<caf::sec>(err.code())) {
      case caf::sec::cannot_connect_to_node:
        return "nothing accepts connections there";
      case caf::sec::request_timeout:
        return "no answer as a Switchyard node within " + std::to_string(dial_timeout.count())
               + " s";
      case caf::sec::disconnect_during_handshake:
        return "the connection closed during the handshake (TLS refused?)";
      default:
        break;
    }
  }
  if (err.category() == caf::atom("switchyard") && err.context().size() == 1
      && err.context().match_element<std::string>(0))
    return err.context().get_as<std::string>(0);
  return self->system().render(err);
}

// Membership changes go to the log and to the shells watching this node.
void announce(cluster_pointer self, log_level level, const std::string& text) {
  log(level, "cluster", text);
  report_event(self->system(), "cluster: " + text);
}

// Tells every peer of every member up; each dials those it does not know.
void gossip(cluster_pointer self) {
  auto cards = self->state.roster->up_cards();
  for (const auto& [name, peer] : self->state.peers)
    self->send(peer, members_atom_v, cards);
}

void dial(cluster_pointer self, const cluster_endpoint& where);

// CAF's connection manager: with [cluster.tls] every link is mutual TLS under the cluster's CA
// (CAF's OpenSSL module).
caf::io::middleman_actor broker(cluster_pointer self) {
  return self->state.settings->cluster.tls.enabled ? self->system().openssl_manager().actor_handle()
                                                   : self->system().middleman().actor_handle();
}

// The router serves the networks a member hosts for this node while the member is up.
void tell_router(cluster_pointer self, const member_card& card, const caf::actor& admin, bool up) {
  if (auto router = directory::lookup<router_actor>(self->system(), directory::router))
    self->send(router, member_atom_v, card, admin, up);
}

void tell_router_lost(cluster_pointer self, const std::string& name) {
  member_card card;
  card.name = name;
  tell_router(self, card, caf::actor{}, false);
}

void on_dial_failed(cluster_pointer self, const cluster_endpoint& where, const std::string& why) {
  auto& roster = *self->state.roster;
  // A dial can lose a race with the same node joining this one (each heard of the other at
  // once): the node is up through its own join, and a second connection to it is redundant
  // (over TLS, CAF never completes one).
  if (const auto* card = roster.up_at(where); card && self->state.peers.count(card->name) > 0) {
    roster.dial_settled(where);
    return;
  }
  if (auto name = roster.dial_failed(where, why, now())) {
    self->state.peers.erase(*name);
    tell_router_lost(self, *name);
    announce(self, log_level::warn,
             "node " + *name + " at " + where.text() + " unreachable: " + why);
    return;
  }
  auto failures = roster.failures(where);
  if (failures == 1 || failures % failure_log_every == 0)
    log(log_level::warn, "cluster",
        "cannot join " + where.text() + " (attempt " + std::to_string(failures) + "): " + why
          + "; retrying");
}

// Records the node `card` describes as up, reached through its admin actor `admin`.
void adopt(cluster_pointer self, const cluster_endpoint& where, const admin_actor& admin,
           const member_card& card) {
  auto& roster = *self->state.roster;
  auto& peer = self->state.peers[card.name];
  bool new_handle = peer.address() != admin.address();
  if (new_handle) {
    if (peer)
      self->demonitor(peer.address());
    peer = admin;
    self->monitor(admin);
  }
  bool news = roster.joined(where, card, now());
  // The router's remote ports send through the member's admin actor: a fresh handle (after a
  // spurious loss, see on_down) must reach them even when nothing else changed.
  if (news || new_handle)
    tell_router(self, card, caf::actor_cast<caf::actor>(admin), true);
  if (news) {
    announce(self, log_level::info,
             "node " + card.name + " at " + endpoint_of(card).text()
               + " joined (networks: " + networks_text(card) + ")");
    gossip(self);
  }
}

void on_joined(cluster_pointer self, const cluster_endpoint& where, const admin_actor& admin,
               std::vector<member_card>& cards) {
  auto& roster = *self->state.roster;
  if (cards.empty()) {
    on_dial_failed(self, where, "the node answered the join with no card");
    return;
  }
  if (auto why = roster.conflict(cards.front()); !why.empty()) {
    on_dial_failed(self, where, why);
    return;
  }
  adopt(self, where, admin, cards.front());
  for (std::size_t i = 1; i < cards.size(); ++i)
    if (roster.wants_dial(cards[i]))
      dial(self, endpoint_of(cards[i]));
}

// Connects to the node published at `where` and joins it with this node's card.
void dial(cluster_pointer self, const cluster_endpoint& where) {
  if (!self->state.roster->begin_dial(where))
    return;
  auto mm = broker(self);
  self->request(mm, dial_timeout, caf::connect_atom_v, where.host, where.port)
    .then(
      [self, where](const caf::node_id& node, caf::strong_actor_ptr& published,
                    const std::set<std::string>&) {
        if (node == self->node()) {
          self->state.roster->dialed_self(where);
          return;
        }
        if (!published) {
          on_dial_failed(self, where, "nothing is published on that port");
          return;
        }
        auto admin = caf::actor_cast<admin_actor>(published);
        auto own_admin = directory::lookup<caf::actor>(self->system(), directory::admin);
        self->request(admin, dial_timeout, join_atom_v, self->state.roster->self(), own_admin)
          .then([self, where,
                 admin](std::vector<member_card>& cards) { on_joined(self, where, admin, cards); },
                [self, where](caf::error& err) {
                  on_dial_failed(self, where, reason_text(self, err));
                });
      },
      [self, where](caf::error& err) { on_dial_failed(self, where, reason_text(self, err)); });
}

void on_down(cluster_pointer self, const caf::down_msg& dm) {
  auto& peers = self->state.peers;
  auto i = std::find_if(peers.begin(), peers.end(),
                        [&](const auto& kv) { return kv.second.address() == dm.source; });
  if (i == peers.end())
    return;
  auto name = i->first;
  peers.erase(i);
  auto& roster = *self->state.roster;
  const auto* card = roster.up_member(name);
  if (!card)
    return;
  auto where = endpoint_of(*card);
  if (dm.reason == caf::exit_reason::remote_link_unreachable) {
    roster.lost(name, "connection lost (no heartbeat or closed)", now());
    tell_router_lost(self, name);
    announce(self, log_level::warn, "node " + name + " at " + where.text() + " unreachable");
    return;
  }
  // Its admin actor stopped but the node may be alive (its supervisor restarts the admin):
  // fetch the new one at once; if that fails the member is unreachable.
  dial(self, where);
}

cluster_actor::behavior_type cluster(cluster_pointer self, node_context node,
                                     member_card own_card) {
  auto& st = self->state;
  auto settings = node.settings;
  st.catalog = node.catalog;
  std::vector<cluster_endpoint> seeds;
  for (const auto& seed : settings->cluster.seeds)
    seeds.push_back({seed.host, seed.port});
  st.settings = std::move(settings);
  st.roster = std::make_unique<cluster_roster>(std::move(own_card), std::move(seeds), redial_delays,
                                               core::make_unit_random(st.engine), now());
  self->set_down_handler([self](caf::down_msg& dm) { on_down(self, dm); });
  self->send(self, caf::tick_atom_v);
  // The router tells of changes; what it serves already is asked for once.
  if (auto router = directory::lookup<router_actor>(self->system(), directory::router))
    self->request(router, dial_timeout, networks_atom_v)
      .then(
        [self](const std::vector<network_status>& rows) {
          std::vector<std::string> serving;
          const auto& own = self->state.settings->node.name;
          for (const auto& row : rows)
            if ((row.node.empty() || row.node == own) && row.connected && row.healthy)
              serving.push_back(row.name);
          if (self->state.roster->serve(std::move(serving)))
            gossip(self);
        },
        [](caf::error&) {});
  return {
    [self](join_atom, member_card& card,
           caf::actor& joiner) -> caf::result<std::vector<member_card>> {
      auto& roster = *self->state.roster;
      if (auto why = roster.conflict(card); !why.empty()) {
        log(log_level::error, "cluster", "refused a join: " + why);
        return caf::make_error(errc::invalid_request, why);
      }
      // Membership is symmetric: the joiner's admin actor, reached over the connection it
      // opened, is monitored and told of the others. Dialing it back would open a second,
      // redundant connection.
      if (joiner)
        adopt(self, endpoint_of(card), caf::actor_cast<admin_actor>(joiner), card);
      else if (roster.wants_dial(card))
        dial(self, endpoint_of(card));
      return roster.up_cards();
    },
    [self](members_atom, std::vector<member_card>& cards) {
      auto& roster = *self->state.roster;
      for (const auto& card : cards) {
        if (roster.wants_dial(card)) {
          dial(self, endpoint_of(card));
          continue;
        }
        // A member already up with a newer card (it serves other networks now).
        const auto* known = roster.up_member(card.name);
        auto peer = self->state.peers.find(card.name);
        if (known != nullptr && peer != self->state.peers.end()
            && known->incarnation == card.incarnation && endpoint_of(*known) == endpoint_of(card)
            && roster.joined(endpoint_of(card), card, now()))
          tell_router(self, card, caf::actor_cast<caf::actor>(peer->second), true);
      }
    },
    [self](networks_atom, std::vector<std::string>& serving) {
      if (self->state.roster->serve(std::move(serving)))
        gossip(self);
    },
    [self](definitions_atom) {
      if (self->state.catalog && self->state.roster->define(self->state.catalog->definitions()))
        gossip(self);
    },
    [self](admin_of_atom, const std::string& name) -> caf::result<caf::actor> {
      auto peer = self->state.peers.find(name);
      if (peer == self->state.peers.end()) {
        std::string known;
        for (const auto& [n, admin] : self->state.peers)
          known += (known.empty() ? "" : ", ") + n;
        return caf::make_error(errc::invalid_request, "node '" + name
                                                        + "' is not a member up now (members up: "
                                                        + (known.empty() ? "none" : known) + ")");
      }
      return caf::actor_cast<caf::actor>(peer->second);
    },
    [self](nodes_atom) { return self->state.roster->statuses(now()); },
    [self](member_atom) {
      // A (restarted) router asks for every member up.
      for (const auto& [name, peer] : self->state.peers)
        if (const auto* card = self->state.roster->up_member(name))
          tell_router(self, *card, caf::actor_cast<caf::actor>(peer), true);
    },
    [self](caf::tick_atom) {
      for (const auto& where : self->state.roster->due(now()))
        dial(self, where);
      self->delayed_send(self, tick_interval, caf::tick_atom_v);
    },
  };
}

} // namespace

cluster_actor spawn_cluster(caf::local_actor& parent, const node_context& node, member_card card) {
  return parent.spawn(cluster, node, std::move(card));
}

} // namespace switchyard
