#include "actors/listener.hpp"

#include "actors/io/log.hpp"
#include "actors/protocols.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

// How long a stopping listener waits for answers to requests it already read; the node
// must still be gone within 2 s of SIGTERM.
constexpr auto drain_limit = std::chrono::milliseconds(1000);
constexpr auto drain_poll = std::chrono::milliseconds(10);

struct listener_state {
  listener_state() = default;
  listener_state(const listener_state&) = delete;
  listener_state& operator=(const listener_state&) = delete;

  // CAF destroys the state before it tells monitors of the exit (an attached functor would
  // run alongside the down message): the supervisor restarts the listener only once its
  // port is free again, so the successor's bind cannot find it still in use.
  ~listener_state() {
    if (path)
      path->stop();
  }

  config::listener_settings settings;
  std::shared_ptr<listener_path> path;
  caf::error exit_reason;
  std::chrono::steady_clock::time_point drain_deadline;
  static inline const char* name = "listener";
};

using listener_pointer = listener_actor::stateful_pointer<listener_state>;

listener_status describe(const listener_state& st) {
  auto n = st.path->numbers();
  listener_status s;
  s.name = st.settings.name;
  s.protocol = config::to_string(st.settings.protocol);
  s.endpoint = st.settings.address + ":" + std::to_string(st.path->port());
  s.tls = st.path->is_tls();
  s.accepted = n.accepted;
  s.active = n.active;
  s.rejected_over_limit = n.rejected_over_limit;
  s.requests = n.requests;
  s.responses = n.responses;
  s.format_errors = n.format_errors;
  s.rejected_frames = n.rejected_frames;
  s.idle_closed = n.idle_closed;
  s.upgrades = n.upgrades;
  s.notifications = n.notifications;
  s.tls_failures = n.tls_failures;
  s.signed_on = n.signed_on;
  return s;
}

listener_actor::behavior_type listener(listener_pointer self, config::listener_settings settings,
                                       std::shared_ptr<listener_path> path) {
  self->state.settings = std::move(settings);
  self->state.path = std::move(path);
  // A graceful stop drains: clients get the answers to what they already sent.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    if (self->state.exit_reason)
      return;
    self->state.exit_reason = std::move(msg.reason);
    self->state.drain_deadline = std::chrono::steady_clock::now() + drain_limit;
    self->state.path->drain();
    self->send(self, caf::tick_atom_v);
  });
  return {
    [self](describe_atom) { return describe(self->state); },
    [self](caf::tick_atom) {
      auto& st = self->state;
      if (st.path->is_drained() || std::chrono::steady_clock::now() >= st.drain_deadline)
        return self->quit(st.exit_reason);
      self->delayed_send(self, drain_poll, caf::tick_atom_v);
    },
  };
}

} // namespace

listener_actor spawn_listener(caf::local_actor& parent, const node_context& node,
                              config::listener_settings settings) {
  const auto& name = settings.name;
  const auto& factory = protocol_factory_for(settings.protocol);
  std::shared_ptr<listener_path> path;
  auto key = config_key("listeners", node.settings->listeners, name);
  if (auto error = factory.start_listener({settings, node.io, node.routes}, path); !error.empty()) {
    // At the node's start the failure stops the start as one line; later it is a restart's.
    if (!node.start || !node.start->failed(key, key + " " + error))
      log(log_level::error, name, error);
    return {};
  }
  log(log_level::info, name,
      "listening on " + settings.address + ":" + std::to_string(path->port())
        + (path->is_tls() ? " (TLS)" : ""));
  if (node.start)
    node.start->started(key);
  return parent.spawn(listener, std::move(settings), std::move(path));
}

} // namespace switchyard
