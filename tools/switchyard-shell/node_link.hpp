#pragma once

// The shell's connection to one node's admin actor: made once, watched, and made again on the
// next command after the node went away.

#include "actors/interfaces.hpp"
#include "tools/switchyard-shell/options.hpp"
#include "tools/switchyard-shell/shell_errors.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace switchyard::shell {

/// A connection to the admin actor at one endpoint, with every wait bounded by the timeout.
class node_link {
public:
  /// Prepares a link to `where`; nothing is connected until `ensure`.
  node_link(caf::actor_system& sys, endpoint where, long timeout_s, bool tls = false);

  ~node_link();

  node_link(const node_link&) = delete;
  node_link& operator=(const node_link&) = delete;

  /// Connects unless connected and not lost; returns the sentence saying why it could not.
  std::optional<std::string> ensure();

  /// Returns true once the connected node went away (its process or the network).
  bool is_lost() const { return lost_ && lost_->load(); }

  /// Returns true while connected to a node that has not gone away.
  bool is_up() const { return admin_.has_value() && !is_lost(); }

  /// Returns true when a handshake never finished: its thread blocks the actor system's
  /// shutdown, so the process must end with _Exit.
  bool has_stuck_handshake() const { return stuck_; }

  /// Returns the shell's actor system (for actors that receive what the node sends).
  caf::actor_system& system() { return sys_; }

  /// Returns "HOST:PORT".
  std::string where() const { return where_.text(); }

  /// Returns the sentence for `err` met on this link.
  std::string describe(const caf::error& err) const;

  /// Sends `xs` and waits for the reply; the error when none came within the timeout.
  template <class Reply, class... Ts>
  caf::expected<Reply> ask(Ts... xs) {
    return ask_within<Reply>(std::chrono::seconds(timeout_s_), xs...);
  }

  /// As ask(), waiting at least `least` (changes that drain traffic take that long).
  template <class Reply, class... Ts>
  caf::expected<Reply> ask_within(std::chrono::seconds least, Ts... xs) {
    caf::expected<Reply> result{caf::make_error(caf::sec::request_timeout)};
    caf::scoped_actor self{sys_};
    self->request(*admin_, std::max(least, std::chrono::seconds(timeout_s_)), xs...)
      .receive([&](Reply& reply) { result = std::move(reply); },
               [&](caf::error& err) { result = std::move(err); });
    return result;
  }

private:
  std::optional<std::string> connect();

  void watch();

  void unwatch();

  caf::actor_system& sys_;
  endpoint where_;
  long timeout_s_;
  bool tls_; ///< connect through CAF's OpenSSL module (the actor system loaded it)
  std::optional<admin_actor> admin_;
  std::shared_ptr<std::atomic<bool>> lost_;
  caf::actor watcher_;
  bool stuck_ = false;
  bool was_up_ = false; ///< connected once: a failure to connect now is a lost node
};

} // namespace switchyard::shell
