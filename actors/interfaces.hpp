#pragma once

// Typed handles of every actor in a node. The shell and peer nodes see the
// node only through these interfaces.

#include "actors/messages.hpp"

#include "caf/actor.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include <string>
#include <vector>

namespace switchyard {

/// One upstream network's connector, whatever its protocol: describes the network, answers
/// for its numbers and owed advices, relays its data path's health verdicts (the last flag
/// marks a decisive one; the data path itself runs on the I/O threads); a tick re-reports
/// its pools, so a restarted connection manager relearns them. Before a network is removed
/// it drains: answers once nothing routes to it, nothing is in flight and nothing is owed (or
/// the bound ran out), saying what is left. An operator may close its hosts' breakers and send what
/// it owes at once. Its own timer (poll) paces draining and a start that waits for a predecessor to
/// let go of the network's journal. Stopped by its supervisor (user_shutdown), it finishes what is
/// in flight first (bounded).
using connector_actor = caf::typed_actor<
  caf::replies_to<describe_atom>::with<network_status>,
  caf::replies_to<stats_atom>::with<connector_stats>, caf::replies_to<saf_atom>::with<saf_report>,
  caf::replies_to<drain_atom>::with<std::string>, caf::reacts_to<poll_atom>,
  caf::replies_to<reset_breaker_atom, std::string>::with<std::string>,
  caf::replies_to<retry_owed_atom>::with<std::string>,
  caf::reacts_to<outcome_atom, bool, std::string, bool>, caf::reacts_to<caf::tick_atom>>;

/// One listener (acquirers or JSON-RPC clients); its sockets live on the I/O threads.
/// On shutdown it stops accepting and waits (bounded) until every request it read is
/// answered; the tick polls that.
using listener_actor = caf::typed_actor<caf::replies_to<describe_atom>::with<listener_status>,
                                        caf::reacts_to<caf::tick_atom>>;

/// Owns the routing table: which connector serves which network, and who is healthy.
using router_actor = caf::typed_actor<
  caf::reacts_to<register_atom, std::string, connector_actor>,
  caf::reacts_to<unregister_atom, std::string>, caf::reacts_to<set_health_atom, std::string, bool>,
  caf::reacts_to<member_atom, member_card, caf::actor, bool>, caf::reacts_to<catalog_atom>,
  caf::replies_to<set_status_atom, std::string, std::string>::with<std::string>,
  caf::replies_to<reload_bins_atom>::with<std::string>,
  caf::replies_to<networks_atom>::with<std::vector<network_status>>>;

/// Tracks every connection pool of the node: sizes, limits and counters.
using connection_manager_actor
  = caf::typed_actor<caf::reacts_to<register_atom, pool_stats>,
                     caf::reacts_to<unregister_atom, std::string>,
                     caf::replies_to<pools_atom>::with<std::vector<pool_stats>>>;

/// Turns outcome reports into up/down verdicts per network and tells the router.
using health_monitor_actor
  = caf::typed_actor<caf::reacts_to<outcome_atom, std::string, bool, std::string>,
                     caf::reacts_to<outcome_atom, std::string, bool, std::string, bool>,
                     caf::reacts_to<unregister_atom, std::string>, caf::reacts_to<catalog_atom>,
                     caf::replies_to<health_atom>::with<std::vector<network_health>>>;

/// Cluster membership: a peer joining with its card and its admin actor gets every member
/// up in return (this node's card first); peers tell each other of members they learned of;
/// operators ask for the list; the router says which of this node's networks it serves now
/// (peers route to those only) and, after a runtime change, to put the networks defined here
/// on the card again (definitions); a change actor asks for a member's admin actor, whose
/// node it spawns the operator's change on. The tick redials seeds and unreachable members.
using cluster_actor = caf::typed_actor<
  caf::replies_to<join_atom, member_card, caf::actor>::with<std::vector<member_card>>,
  caf::reacts_to<members_atom, std::vector<member_card>>,
  caf::replies_to<nodes_atom>::with<std::vector<member_status>>, caf::reacts_to<member_atom>,
  caf::reacts_to<networks_atom, std::vector<std::string>>, caf::reacts_to<definitions_atom>,
  caf::replies_to<admin_of_atom, std::string>::with<caf::actor>, caf::reacts_to<caf::tick_atom>>;

/// Carries requests between nodes: requests for a network hosted here (answers go to the
/// actor named last), answers to requests this node relayed; the tick gives up on requests
/// past their deadline.
using relay_actor
  = caf::typed_actor<caf::reacts_to<relay_atom, std::string, std::vector<relay_item>, caf::actor>,
                     caf::reacts_to<answers_atom, std::vector<relay_answer>>,
                     caf::reacts_to<caf::tick_atom>>;

/// The operator's and the peers' entry point, published on the cluster port: peers reach
/// the node's cluster actor through it. Operators add, update and remove networks (on this
/// node or, by remote spawn, on the member hosting them) and read the effective configuration.
/// Watchers (shells running `watch`) get every event the
/// node's actors report (membership, health verdicts) as a line of text.
using admin_actor = caf::typed_actor<
  caf::replies_to<node_status_atom>::with<node_status>,
  caf::replies_to<join_atom, member_card, caf::actor>::with<std::vector<member_card>>,
  caf::reacts_to<members_atom, std::vector<member_card>>,
  caf::replies_to<nodes_atom>::with<std::vector<member_status>>,
  caf::reacts_to<relay_atom, std::string, std::vector<relay_item>, caf::actor>,
  caf::replies_to<route_test_atom, std::vector<std::string>>::with<std::string>,
  caf::replies_to<reload_bins_atom>::with<std::string>,
  caf::replies_to<set_status_atom, std::string, std::string>::with<std::string>,
  caf::replies_to<shutdown_atom>::with<std::string>,
  caf::replies_to<watch_atom, caf::actor>::with<std::string>,
  caf::reacts_to<event_atom, std::string>,
  caf::replies_to<restart_atom, std::string>::with<std::string>,
  caf::replies_to<networks_atom>::with<std::vector<network_status>>,
  caf::replies_to<health_atom>::with<std::vector<network_health>>,
  caf::replies_to<pools_atom>::with<std::vector<pool_stats>>,
  caf::replies_to<stats_atom>::with<std::vector<connector_stats>>,
  caf::replies_to<listeners_atom>::with<std::vector<listener_status>>,
  caf::replies_to<saf_atom>::with<std::vector<saf_report>>,
  caf::replies_to<add_network_atom, std::string, std::string>::with<std::string>,
  caf::replies_to<update_network_atom, std::string, std::string>::with<std::string>,
  caf::replies_to<remove_network_atom, std::string>::with<std::string>,
  caf::replies_to<config_atom>::with<std::string>,
  caf::replies_to<reset_breaker_atom, std::string, std::string>::with<std::string>,
  caf::replies_to<retry_owed_atom, std::string>::with<std::string>,
  caf::replies_to<drain_atom>::with<std::string>>;

} // namespace switchyard
