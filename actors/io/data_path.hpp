#pragma once

// What the node's actors see of a protocol's data path, whatever the protocol: a network
// started for its connector, a listener started for its listener actor, and the numbers
// both publish. Each protocol brings one protocol_factory; the actors know no protocol.
// Asio only (no actors here).

#include "actors/io/network_tally.hpp"
#include "actors/io/route_board.hpp"
#include "config/settings.hpp"
#include "core/circuit_breaker.hpp"
#include "core/latency_histogram.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace switchyard {

class delivery_guard;
class journal_cipher;

/// Receives the answer to a request relayed from another node of the cluster, in relay form;
/// `guard`, when set, must hear whether the answer reached the node that relayed it.
using relayed_reply
  = std::function<void(std::string answer, std::shared_ptr<delivery_guard> guard)>;

/// One host's connections as last published.
struct host_numbers {
  std::uint32_t links = 0;    ///< connections kept (pool and overflow)
  std::uint32_t up = 0;       ///< of those, connected (and signed on)
  std::uint32_t busy = 0;     ///< of the up ones, those with a request in flight
  std::uint32_t pending = 0;  ///< requests in flight on the host
  std::uint64_t opened = 0;   ///< connections opened since start
  std::uint64_t closed = 0;   ///< connections closed since start (drops, recycling, overflow)
  std::uint64_t recycled = 0; ///< of those, replaced on purpose at pool_max_age_ms
  core::breaker_state breaker = core::breaker_state::closed; ///< the host's circuit breaker
  std::uint64_t breaker_opened = 0; ///< times the breaker opened since the data path started
};

/// One advice a network owes its upstream (ISO 8583 reversals), card data masked.
struct owed_row {
  std::uint64_t id = 0;
  std::string kind; ///< 0420, or 0421 once it went out
  std::uint32_t attempts = 0;
  std::int64_t due_in_ms = 0; ///< when it goes out next (negative: overdue)
  bool in_flight = false;
  std::string summary; ///< its fields, masked
};

/// A network's numbers as last published by its data path, readable from any thread.
struct network_numbers {
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t timeouts = 0;          ///< answered with the timeout outcome
  std::uint64_t unavailable = 0;       ///< answered with the unavailable outcome
  std::uint64_t rejected = 0;          ///< refused for their own sake (malformed, unencodable)
  std::uint64_t late = 0;              ///< responses after their deadline, dropped
  std::uint64_t upstream_errors = 0;   ///< unusable answers: invalid, HTTP 429/5xx (JSON-RPC)
  std::uint64_t remapped = 0;          ///< sent with a switch-assigned key (ISO 8583 STAN)
  std::uint64_t duplicates = 0;        ///< refused: the same request in flight
  std::uint64_t refused_financial = 0; ///< refused: their reversals could not be kept safely
  std::uint64_t undelivered = 0;       ///< approvals the client never received (reversed)
  std::uint32_t links = 0;
  std::uint32_t links_up = 0;
  std::uint64_t in_flight = 0;      ///< requests in flight or waiting for a first connection
  std::uint64_t owed = 0;           ///< advices owed upstream
  std::uint64_t owed_in_flight = 0; ///< of those, sent and not answered yet
  std::uint64_t acknowledged = 0;
  std::uint64_t refused_by_upstream = 0; ///< answers to advices that did not settle them
  std::uint64_t quarantined = 0;         ///< journal lines kept apart as unreadable
  std::string journal;                   ///< the journal's path; empty: memory only
  std::vector<std::string> alarms;       ///< what an operator must act on, now
  std::vector<owed_row> owed_rows;       ///< the oldest owed advices
  std::vector<host_numbers> hosts;       ///< by the network's host index
  core::latency_histogram latency;       ///< how long answered requests took upstream
};

/// What a network's data path tells its connector (called on the data path's threads).
class network_events {
public:
  virtual ~network_events() = default;

  /// A health verdict: a link came up, the last link went down, a probe finished. A
  /// `decisive` one (the first link up after none was) sets the network's health at once.
  virtual void on_health(bool ok, std::string detail, bool decisive) = 0;
};

/// A network's data path as its connector owns it.
class network_path {
public:
  virtual ~network_path() = default;

  /// Returns the way in for listeners' sessions (usable before start: what comes early
  /// waits for a first connection).
  virtual std::shared_ptr<network_port> port() = 0;

  /// Whether start() can begin without waiting: false while a predecessor (the connector of
  /// the network's previous settings, draining) still holds what the network needs alone.
  virtual bool may_start() const { return true; }

  /// Starts connecting (after what must come first, such as opening a journal, which may
  /// wait for a predecessor to let go of it); an error text when the network cannot run.
  virtual std::string start() = 0;

  /// Closes every link for good; what is in flight or waiting is answered (unavailable),
  /// and anything forwarded afterwards is answered so at once.
  virtual void stop() = 0;

  /// Returns the numbers as of the data path's last step.
  virtual network_numbers numbers() const = 0;

  /// Closes the circuit breakers of `hosts` (indexes into the network's hosts): an operator
  /// knows the host is back before the recovery timeout does.
  virtual void reset_breakers(std::vector<std::size_t> hosts) = 0;

  /// Sends what the network owes upstream (ISO 8583 reversal advices) and waits for its next
  /// attempt now: an operator knows the upstream is back before the backoff does. Protocols
  /// that owe nothing have nothing to do.
  virtual void retry_owed() {}
};

/// What starting a network needs from the node.
struct network_setup {
  config::network_settings network;
  boost::asio::io_context* io = nullptr;
  std::string state_dir;                        ///< empty: keep what is owed in memory
  std::shared_ptr<const journal_cipher> cipher; ///< seals journals; null: in clear
  std::shared_ptr<network_events> events;
  std::shared_ptr<network_tally> tally; ///< the node's counters of the network; null: none
};

/// A listener's numbers, readable from any thread.
struct listener_numbers {
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
};

/// A listener's data path as its listener actor owns it.
class listener_path {
public:
  virtual ~listener_path() = default;

  /// Returns the bound port (the OS's choice when configured as 0).
  virtual std::uint16_t port() const noexcept = 0;

  /// Returns whether connections are TLS-secured.
  virtual bool is_tls() const noexcept = 0;

  /// Stops accepting and closes every session; pending replies are dropped. Returns once
  /// the port is free (bounded), so a successor can bind it at once.
  virtual void stop() = 0;

  /// Stops accepting and lets every session finish the requests it has read.
  virtual void drain() = 0;

  /// Returns true once no session is left.
  virtual bool is_drained() const noexcept = 0;

  /// Returns the listener's numbers.
  virtual listener_numbers numbers() const = 0;
};

/// What starting a listener needs from the node.
struct listener_setup {
  config::listener_settings listener;
  boost::asio::io_context* io = nullptr;
  std::shared_ptr<route_board> routes;
};

/// One protocol's data path: how its networks and listeners start.
class protocol_factory {
public:
  virtual ~protocol_factory() = default;

  /// Makes the data path of `setup.network`, not started; an error text (dialect, TLS
  /// material unusable) leaves `out` null.
  virtual std::string make_network(const network_setup& setup,
                                   std::shared_ptr<network_path>& out) const = 0;

  /// Binds and starts `setup.listener`; an error text (address in use, ...) leaves `out`
  /// null.
  virtual std::string start_listener(const listener_setup& setup,
                                     std::shared_ptr<listener_path>& out) const = 0;

  /// Cross-node relaying, on the node that read the request: the request of `x` (an exchange
  /// of this protocol) in relay form.
  virtual std::string relay_request(const exchange& x) const = 0;

  /// On the node that read the request: answers `x` with `answer` (relay form, as a
  /// relayed_reply got it); false, leaving `x` unanswered, when `answer` is unreadable.
  virtual bool answer_relayed(exchange& x, std::string_view answer) const = 0;

  /// On the node hosting `network`: an exchange of the relayed `request`, answered through
  /// `reply`; null, with `error` saying why, when `request` is unreadable.
  virtual exchange_ptr accept_relayed(const std::string& network, std::string_view request,
                                      relayed_reply reply, std::string& error) const = 0;
};

} // namespace switchyard
