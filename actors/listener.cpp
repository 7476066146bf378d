#include "actors/listener.hpp"

#include "actors/io/log.hpp"
#include "actors/io/tls_context.hpp"
#include "actors/iso8583/iso_listener.hpp"
#include "actors/iso8583/iso_wire.hpp"
#include "protocols/iso8583/dialect_loader.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

// How long a stopping listener waits for answers to requests it already read; the node
// must still be gone within 2 s of SIGTERM.
constexpr auto drain_limit = std::chrono::milliseconds(1000);
constexpr auto drain_poll = std::chrono::milliseconds(10);

struct listener_state {
  std::shared_ptr<iso_listener> listener;
  caf::error exit_reason;
  std::chrono::steady_clock::time_point drain_deadline;
  static inline const char* name = "iso_listener";
};

using listener_pointer = listener_actor::stateful_pointer<listener_state>;

// Returns the listener's shared context, or an error text naming what is unusable.
std::string make_context(const node_context& node, config::listener_settings settings,
                         std::shared_ptr<iso_listener_context>& out) {
  auto ctx = std::make_shared<iso_listener_context>();
  auto loaded = iso8583::share_dialect(settings.dialect);
  if (!loaded.ok())
    return "dialect " + settings.dialect + ": " + iso8583::to_string(loaded.errors.front());
  ctx->owned_dialect = std::move(loaded.value);
  ctx->dialect = ctx->owned_dialect.get();
  ctx->framing.kind = to_iso_framing(settings.framing);
  ctx->framing.header_bytes = settings.header_bytes;
  ctx->framing.max_frame_bytes = settings.max_frame_bytes;
  if (settings.tls.enabled) {
    auto made = make_server_tls(settings.tls);
    if (!made.context)
      return made.error;
    ctx->tls = made.context;
  }
  ctx->routes = node.routes;
  ctx->settings = std::move(settings);
  out = std::move(ctx);
  return {};
}

listener_status describe(const iso_listener& l) {
  const auto& ctx = l.context();
  const auto& c = ctx.counters;
  listener_status st;
  st.name = ctx.settings.name;
  st.protocol = config::to_string(ctx.settings.protocol);
  st.endpoint = ctx.settings.address + ":" + std::to_string(l.port());
  st.tls = ctx.tls != nullptr;
  st.accepted = c.accepted.load();
  st.active = c.active.load();
  st.rejected_over_limit = c.rejected_over_limit.load();
  st.requests = c.requests.load();
  st.responses = c.responses.load();
  st.format_errors = c.format_errors.load();
  st.rejected_frames = c.rejected_frames.load();
  st.idle_closed = c.idle_closed.load();
  return st;
}

listener_actor::behavior_type iso_listener_actor(listener_pointer self,
                                                 std::shared_ptr<iso_listener> listener) {
  self->state.listener = listener;
  self->attach_functor([listener] { listener->stop(); });
  // A graceful stop drains: acquirers get the answers to what they already sent.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    if (self->state.exit_reason)
      return;
    self->state.exit_reason = std::move(msg.reason);
    self->state.drain_deadline = std::chrono::steady_clock::now() + drain_limit;
    self->state.listener->drain();
    self->send(self, caf::tick_atom_v);
  });
  return {
    [self](describe_atom) { return describe(*self->state.listener); },
    [self](caf::tick_atom) {
      auto& st = self->state;
      if (st.listener->is_drained() || std::chrono::steady_clock::now() >= st.drain_deadline)
        return self->quit(st.exit_reason);
      self->delayed_send(self, drain_poll, caf::tick_atom_v);
    },
  };
}

} // namespace

listener_actor spawn_iso_listener(caf::local_actor& parent, const node_context& node,
                                  config::listener_settings settings) {
  auto name = settings.name;
  std::shared_ptr<iso_listener_context> ctx;
  auto err = make_context(node, std::move(settings), ctx);
  std::shared_ptr<iso_listener> listener;
  if (err.empty()) {
    listener = std::make_shared<iso_listener>(*node.io, ctx);
    err = listener->start();
  }
  if (!err.empty()) {
    log(log_level::error, name, err);
    return {};
  }
  log(log_level::info, name,
      "listening on " + ctx->settings.address + ":" + std::to_string(listener->port())
        + (ctx->tls ? " (TLS)" : ""));
  return parent.spawn(iso_listener_actor, std::move(listener));
}

} // namespace switchyard
