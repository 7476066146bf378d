#pragma once

#include "actors/interfaces.hpp"
#include "actors/node_context.hpp"
#include "config/settings.hpp"

#include "caf/actor_addr.hpp"
#include "caf/expected.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace caf {
class local_actor;
} // namespace caf

namespace switchyard {

/// The cluster port the admin actor is published on; it outlives admin restarts so
/// every incarnation is published on the same port.
class admin_endpoint {
public:
  /// Publishes on `address`:`port` (port 0 lets the OS choose once); with `tls`, through
  /// CAF's OpenSSL module (the actor system must have loaded it), so only peers and shells
  /// holding a certificate of the cluster's CA get in.
  admin_endpoint(std::string address, std::uint16_t port, bool tls = false);

  /// Publishes `admin`, first withdrawing the previous incarnation; returns the port.
  caf::expected<std::uint16_t> publish(caf::actor_system& sys, const admin_actor& admin);

  /// The port published on (the one asked for until the first publication).
  std::uint16_t port();

  /// Waits up to `timeout` for the first publication and returns its outcome.
  caf::expected<std::uint16_t> await_first(std::chrono::milliseconds timeout);

private:
  std::string address_;
  std::uint16_t port_;
  bool tls_;
  caf::actor_addr published_;
  std::mutex mutex_;
  std::condition_variable first_done_;
  std::optional<caf::expected<std::uint16_t>> first_;
};

/// Tells the shells watching this node (`switchyard-shell watch`) of an event: a member joined
/// or was lost, a network's health verdict changed.
void report_event(caf::actor_system& sys, std::string text);

/// Spawns the admin actor, which answers operators' requests about this node.
admin_actor spawn_admin(caf::local_actor& parent, const node_context& node);

} // namespace switchyard
