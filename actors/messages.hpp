#pragma once

// The cluster's wire protocol: every message type and atom that actors of a
// node exchange, locally or with shells and peer nodes. Changing this file
// changes what nodes of different builds can say to each other.

#include "actors/io/errc.hpp"
#include "supervision/supervision_messages.hpp"

#include "caf/error.hpp"
#include "caf/meta/type_name.hpp"
#include "caf/type_id.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace switchyard {

/// One actor of the node's supervision tree as an operator sees it.
struct actor_status {
  std::string path;  ///< e.g. "node/connectors/visa"
  std::string state; ///< running, restarting, stopped or failed
  std::uint32_t restarts = 0;
  std::uint64_t actor_id = 0;
  bool is_supervisor = false;
};

/// One configured upstream network as the router sees it.
struct network_status {
  std::string name;
  std::string protocol;               ///< iso8583 or jsonrpc
  std::vector<std::string> hosts;     ///< "address:port (weight w)"
  std::vector<std::string> fallbacks; ///< used while this network is unhealthy
  std::uint32_t rules = 0;            ///< routing rules of this network
  bool connected = false;             ///< a connector is registered with the router
  bool healthy = true;                ///< the health monitor's latest verdict
  std::string node;                   ///< the cluster node hosting it; empty: this node
  /// ISO 8583: its request transformation steps, described (`set 32 = "123456"`, ...).
  std::vector<std::string> request_transforms;
  /// ISO 8583: its response transformation steps, described.
  std::vector<std::string> response_transforms;
};

/// Traffic counters of one network's connector.
struct connector_stats {
  std::string network;
  std::uint32_t links = 0;    ///< upstream connections configured
  std::uint32_t links_up = 0; ///< of which connected (and signed on)
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t timeouts = 0;    ///< answered 68
  std::uint64_t unavailable = 0; ///< answered 91
  std::uint64_t rejected = 0;    ///< answered 30
  std::uint64_t late = 0;        ///< responses after their deadline, dropped
  std::uint64_t remapped = 0;    ///< requests sent with a switch-assigned STAN
  std::uint64_t in_flight = 0;
  std::uint64_t reversals_pending = 0;      ///< 0420 advices not yet acknowledged
  std::uint64_t reversals_acknowledged = 0; ///< 0420 advices a 0430 acknowledged
  std::uint64_t duplicates = 0;             ///< answered 94: the same transaction in flight
  std::uint64_t refused_financial = 0; ///< answered 91: their reversals could not be kept safely
  std::uint64_t undelivered = 0;       ///< approvals the acquirer never received (reversed)
  std::uint64_t upstream_errors = 0;   ///< unusable answers: invalid JSON-RPC, HTTP 429/5xx
  std::vector<std::string> alarms;     ///< what an operator must act on now
  /// How long answered requests took upstream: counts per bucket of
  /// core::latency_histogram::bounds (+Inf last), and their sum in seconds.
  std::vector<std::uint64_t> latency_buckets;
  double latency_sum_s = 0;
};

/// One reversal advice a network owes (shell `saf`), card data masked.
struct owed_advice_row {
  std::uint64_t id = 0;
  std::string mti; ///< 0420, or 0421 once it went out
  std::uint32_t attempts = 0;
  std::int64_t due_in_ms = 0; ///< when it goes out next (negative: overdue)
  bool in_flight = false;     ///< sent, waiting for its 0430
  std::string summary;        ///< the advice's fields, masked
};

/// The store-and-forward queue of one network: reversal advices owed, with its journal.
struct saf_report {
  std::string network;
  std::string journal;           ///< its path; empty: kept in memory only
  std::uint64_t quarantined = 0; ///< unreadable journal lines kept apart (all time)
  std::uint64_t owed = 0;
  std::uint64_t acknowledged = 0;
  std::uint64_t refused_by_issuer = 0; ///< 0430s that did not settle (retried)
  std::vector<std::string> alarms;
  std::vector<owed_advice_row> rows; ///< the oldest owed advices (at most 200)
};

/// Health of one network, as the health monitor tracks it.
struct network_health {
  std::string network;
  bool healthy = true;
  std::uint32_t consecutive_failures = 0;
  std::uint32_t consecutive_successes = 0;
  std::uint64_t reports = 0;
  std::string last_detail; ///< the latest failure's description, masked
};

/// Connection-pool numbers of one network host.
struct pool_stats {
  std::string network;
  std::string host;                 ///< "address:port"
  std::uint32_t size = 0;           ///< configured persistent connections
  std::uint32_t overflow = 0;       ///< extra connections allowed under load
  std::uint32_t open = 0;           ///< connections currently open
  std::uint32_t busy = 0;           ///< connections with requests in flight
  std::uint64_t opened = 0;         ///< connections opened since start
  std::uint64_t closed = 0;         ///< connections closed since start
  std::uint64_t recycled = 0;       ///< connections replaced after errors or age
  std::string breaker = "closed";   ///< the host's circuit breaker: closed, open or half_open
  std::uint64_t breaker_opened = 0; ///< times the breaker opened (this connector's life)
  std::int64_t cert_not_after = 0;  ///< our client certificate's notAfter (Unix s); 0: none
};

/// One listener as an operator sees it: where it listens and what it has seen.
struct listener_status {
  std::string name;
  std::string protocol;
  std::string endpoint; ///< "address:port", the bound port
  bool tls = false;
  std::uint64_t accepted = 0;
  std::uint64_t active = 0;
  std::uint64_t rejected_over_limit = 0;
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t format_errors = 0;
  std::uint64_t rejected_frames = 0;
  std::uint64_t idle_closed = 0;
  std::uint64_t upgrades = 0;      ///< JSON-RPC: connections upgraded to WebSocket
  std::uint64_t notifications = 0; ///< JSON-RPC: subscription notifications relayed
  std::uint64_t tls_failures = 0;  ///< TLS handshakes that failed (or timed out)
  std::uint64_t signed_on = 0;     ///< ISO 8583: connections signed on now (field 70 = 001)
  std::int64_t cert_not_after = 0; ///< the TLS certificate's notAfter (Unix seconds); 0: none
};

/// What a node's admin actor answers to a status request.
struct node_status {
  std::string node;
  std::string version;
  std::int64_t uptime_ms = 0;
  std::uint16_t cluster_port = 0;
  std::vector<actor_status> actors;
  std::vector<network_status> networks;
};

/// A node of the cluster as its peers know it: where its admin actor is published and
/// which networks it hosts. Peers exchange cards when they join and when they learn of others.
struct member_card {
  std::string name;
  std::string host; ///< where peers and shells reach its admin actor
  std::uint16_t port = 0;
  std::uint64_t incarnation = 0; ///< its process's start (ms since the epoch): tells restarts apart
  std::vector<std::string> networks; ///< the networks it hosts and serves now (connected, healthy)
  std::uint64_t version = 0;         ///< grows with each change of the card within an incarnation
  /// The networks it hosts that were defined at runtime, as TOML snippets: peers learn their
  /// rules from them (networks of the configuration file are in every node's file).
  std::vector<std::string> definitions;
};

/// One member of the cluster as an operator sees it (shell `nodes`).
struct member_status {
  std::string name;
  std::string endpoint;      ///< "host:port" of its admin actor
  std::string state;         ///< self, up or unreachable
  std::int64_t since_ms = 0; ///< how long it has been in that state
  std::uint64_t incarnation = 0;
  std::vector<std::string> networks;
  std::string detail; ///< unreachable: why (the last failure seen)
};

/// One request relayed to the node hosting its network: an id the sender keeps it under and
/// the request in its protocol's relay form (protocol_factory::relay_request).
struct relay_item {
  std::uint64_t id = 0;
  std::string request;
};

/// The answer to a relayed request: the answer in its protocol's relay form, or the outcome
/// the hosting node could not get past (an errc; 0 when `answer` is set).
struct relay_answer {
  std::uint64_t id = 0;
  std::uint8_t failure = 0;
  std::string answer;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, relay_item& x) {
  return f(caf::meta::type_name("relay_item"), x.id, x.request);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, relay_answer& x) {
  return f(caf::meta::type_name("relay_answer"), x.id, x.failure, x.answer);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, member_card& x) {
  return f(caf::meta::type_name("member_card"), x.name, x.host, x.port, x.incarnation, x.networks,
           x.version, x.definitions);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, member_status& x) {
  return f(caf::meta::type_name("member_status"), x.name, x.endpoint, x.state, x.since_ms,
           x.incarnation, x.networks, x.detail);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, actor_status& x) {
  return f(caf::meta::type_name("actor_status"), x.path, x.state, x.restarts, x.actor_id,
           x.is_supervisor);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, network_status& x) {
  return f(caf::meta::type_name("network_status"), x.name, x.protocol, x.hosts, x.fallbacks,
           x.rules, x.connected, x.healthy, x.node, x.request_transforms, x.response_transforms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, connector_stats& x) {
  return f(caf::meta::type_name("connector_stats"), x.network, x.links, x.links_up, x.requests,
           x.responses, x.timeouts, x.unavailable, x.rejected, x.late, x.remapped, x.in_flight,
           x.reversals_pending, x.reversals_acknowledged, x.duplicates, x.refused_financial,
           x.undelivered, x.upstream_errors, x.alarms, x.latency_buckets, x.latency_sum_s);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, owed_advice_row& x) {
  return f(caf::meta::type_name("owed_advice_row"), x.id, x.mti, x.attempts, x.due_in_ms,
           x.in_flight, x.summary);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, saf_report& x) {
  return f(caf::meta::type_name("saf_report"), x.network, x.journal, x.quarantined, x.owed,
           x.acknowledged, x.refused_by_issuer, x.alarms, x.rows);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, network_health& x) {
  return f(caf::meta::type_name("network_health"), x.network, x.healthy, x.consecutive_failures,
           x.consecutive_successes, x.reports, x.last_detail);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pool_stats& x) {
  return f(caf::meta::type_name("pool_stats"), x.network, x.host, x.size, x.overflow, x.open,
           x.busy, x.opened, x.closed, x.recycled, x.breaker, x.breaker_opened, x.cert_not_after);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, listener_status& x) {
  return f(caf::meta::type_name("listener_status"), x.name, x.protocol, x.endpoint, x.tls,
           x.accepted, x.active, x.rejected_over_limit, x.requests, x.responses, x.format_errors,
           x.rejected_frames, x.idle_closed, x.upgrades, x.notifications, x.tls_failures,
           x.signed_on, x.cert_not_after);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_status& x) {
  return f(caf::meta::type_name("node_status"), x.node, x.version, x.uptime_ms, x.cluster_port,
           x.actors, x.networks);
}

} // namespace switchyard

CAF_ERROR_CODE_ENUM(switchyard::errc, "switchyard")

CAF_BEGIN_TYPE_ID_BLOCK(switchyard, caf::id_block::supervision::end)
  CAF_ADD_TYPE_ID(switchyard, (switchyard::actor_status))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::network_status))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::network_health))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::pool_stats))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::node_status))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::listener_status))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::connector_stats))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::connector_stats>))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::listener_status>))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::network_status>))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::network_health>))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::pool_stats>))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::owed_advice_row))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::saf_report))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::saf_report>))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::member_card))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::member_card>))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::member_status))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::member_status>))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::relay_item))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::relay_item>))
  CAF_ADD_TYPE_ID(switchyard, (switchyard::relay_answer))
  CAF_ADD_TYPE_ID(switchyard, (std::vector<switchyard::relay_answer>))
  CAF_ADD_ATOM(switchyard, switchyard, node_status_atom, "nodestatus")
  CAF_ADD_ATOM(switchyard, switchyard, restart_atom, "restart")
  CAF_ADD_ATOM(switchyard, switchyard, register_atom, "register")
  CAF_ADD_ATOM(switchyard, switchyard, unregister_atom, "unregister")
  CAF_ADD_ATOM(switchyard, switchyard, networks_atom, "networks")
  CAF_ADD_ATOM(switchyard, switchyard, health_atom, "health")
  CAF_ADD_ATOM(switchyard, switchyard, set_health_atom, "sethealth")
  CAF_ADD_ATOM(switchyard, switchyard, outcome_atom, "outcome")
  CAF_ADD_ATOM(switchyard, switchyard, pools_atom, "pools")
  CAF_ADD_ATOM(switchyard, switchyard, describe_atom, "describe")
  CAF_ADD_ATOM(switchyard, switchyard, stats_atom, "stats")
  CAF_ADD_ATOM(switchyard, switchyard, listeners_atom, "listeners")
  CAF_ADD_ATOM(switchyard, switchyard, saf_atom, "saf")
  CAF_ADD_ATOM(switchyard, switchyard, join_atom, "join")
  CAF_ADD_ATOM(switchyard, switchyard, members_atom, "members")
  CAF_ADD_ATOM(switchyard, switchyard, nodes_atom, "nodes")
  CAF_ADD_ATOM(switchyard, switchyard, relay_atom, "relay")
  CAF_ADD_ATOM(switchyard, switchyard, answers_atom, "answers")
  CAF_ADD_ATOM(switchyard, switchyard, member_atom, "member")
  CAF_ADD_ATOM(switchyard, switchyard, route_test_atom, "routetest")
  CAF_ADD_ATOM(switchyard, switchyard, reload_bins_atom, "reloadbins")
  CAF_ADD_ATOM(switchyard, switchyard, set_status_atom, "setstatus")
  CAF_ADD_ATOM(switchyard, switchyard, shutdown_atom, "shutdown")
  CAF_ADD_ATOM(switchyard, switchyard, watch_atom, "watch")
  CAF_ADD_ATOM(switchyard, switchyard, event_atom, "event")
  CAF_ADD_ATOM(switchyard, switchyard, add_network_atom, "addnet")
  CAF_ADD_ATOM(switchyard, switchyard, update_network_atom, "updatenet")
  CAF_ADD_ATOM(switchyard, switchyard, remove_network_atom, "removenet")
  CAF_ADD_ATOM(switchyard, switchyard, config_atom, "config")
  CAF_ADD_ATOM(switchyard, switchyard, catalog_atom, "catalog")
  CAF_ADD_ATOM(switchyard, switchyard, drain_atom, "drain")
  CAF_ADD_ATOM(switchyard, switchyard, reset_breaker_atom, "resetbrk")
  CAF_ADD_ATOM(switchyard, switchyard, definitions_atom, "defs")
  CAF_ADD_ATOM(switchyard, switchyard, admin_of_atom, "adminof")
  CAF_ADD_ATOM(switchyard, switchyard, poll_atom, "poll")
  CAF_ADD_ATOM(switchyard, switchyard, retry_owed_atom, "retryowed")
CAF_END_TYPE_ID_BLOCK(switchyard)
