#include "tools/switchyard-shell/node_link.hpp"

#include "caf/io/all.hpp"
#include "caf/openssl/remote_actor.hpp"

#include <future>
#include <iostream>
#include <thread>

namespace switchyard::shell {

node_link::node_link(caf::actor_system& sys, endpoint where, long timeout_s, bool tls)
    : sys_(sys), where_(std::move(where)), timeout_s_(timeout_s), tls_(tls) {}

node_link::~node_link() {
  unwatch();
}

std::optional<std::string> node_link::ensure() {
  if (is_up())
    return std::nullopt;
  auto why = connect();
  if (why && was_up_)
    return "the node at " + where() + " went away and reconnecting failed: " + *why
           + "; the next command tries again";
  if (!why && was_up_)
    std::cerr << "switchyard-shell: the node at " << where() << " went away; reconnected\n";
  was_up_ = was_up_ || !why;
  return why;
}

std::string node_link::describe(const caf::error& err) const {
  auto text = shell::describe(err, where(), timeout_s_, sys_.render(err));
  if (is_lost())
    text += "; the connection to the node was lost (it stopped or the network failed), the next "
            "command reconnects";
  return text;
}

// CAF's remote_actor waits for a BASP handshake that a port speaking another protocol (an ISO
// 8583 listener, say) never sends, so it runs on its own thread and the shell gives up after
// the timeout.
std::optional<std::string> node_link::connect() {
  unwatch();
  admin_.reset();
  auto promise = std::make_shared<std::promise<caf::expected<admin_actor>>>();
  auto result = promise->get_future();
  std::thread{[&sys = sys_, host = where_.host, port = where_.port, tls = tls_, promise] {
    promise->set_value(tls ? caf::openssl::remote_actor<admin_actor>(sys, host, port)
                           : sys.middleman().remote_actor<admin_actor>(host, port));
  }}.detach();
  if (result.wait_for(std::chrono::seconds(timeout_s_)) != std::future_status::ready) {
    stuck_ = true;
    return where() + " accepted the connection but did not answer as a Switchyard node within "
           + std::to_string(timeout_s_)
           + " s: is it a listener or another service rather than the node's cluster port?";
  }
  auto admin = result.get();
  if (!admin)
    return shell::describe(admin.error(), where(), timeout_s_, sys_.render(admin.error()));
  admin_ = *admin;
  watch();
  return std::nullopt;
}

// Requests to a proxy whose node died only end at their timeout (CAF 0.17), but the monitor's
// down message comes at once: it tells the next command to reconnect instead of waiting.
void node_link::watch() {
  auto lost = std::make_shared<std::atomic<bool>>(false);
  lost_ = lost;
  watcher_ = sys_.spawn([lost, admin = *admin_](caf::event_based_actor* self) -> caf::behavior {
    self->monitor(admin);
    self->set_down_handler([lost, self](caf::down_msg&) {
      lost->store(true);
      self->quit();
    });
    return {[](caf::ok_atom) {
    }};
  });
}

void node_link::unwatch() {
  if (watcher_)
    caf::anon_send_exit(watcher_, caf::exit_reason::user_shutdown);
  watcher_ = nullptr;
}

} // namespace switchyard::shell
