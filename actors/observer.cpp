#include "actors/observer.hpp"

#include "actors/directory.hpp"
#include "actors/interfaces.hpp"
#include "actors/io/admin_http.hpp"
#include "actors/node_picture.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

constexpr auto refresh_interval = std::chrono::seconds(1);
constexpr auto reply_timeout = std::chrono::seconds(2);

struct observer_state {
  std::shared_ptr<admin_page_board> board;
  std::size_t configured_listeners = 0;
  bool gathering = false; ///< a round's replies are still awaited
};

using observer_pointer = caf::stateful_actor<observer_state>*;

void publish(const node_picture& picture, admin_page_board& board) {
  auto verdict = readiness_of(picture);
  auto pages = std::make_shared<admin_pages>();
  pages->metrics = prometheus_text(picture);
  pages->status_json = status_json(picture);
  pages->ready = verdict.ready;
  pages->readiness = verdict.reason + "\n";
  board.store(std::move(pages));
}

// Asks the admin actor for one part of the picture: `keep` takes the reply, `done` counts it
// (or its error) in.
template <class Reply, class Atom, class Done, class Keep>
void ask(observer_pointer self, const admin_actor& admin, Atom atom, Done done, Keep keep) {
  self->request(admin, reply_timeout, atom)
    .then(
      [done, keep](Reply& reply) mutable {
        keep(reply);
        done();
      },
      [done](caf::error&) mutable { done(); });
}

// Asks the admin actor for every part of the picture; once all replies (or their errors) are
// in, the pages are rendered. Without the node's status the previous pages stay.
void gather(observer_pointer self) {
  auto admin = directory::lookup<admin_actor>(self->system(), directory::admin);
  if (self->state.gathering || !admin)
    return;
  self->state.gathering = true;
  auto picture = std::make_shared<node_picture>();
  picture->configured_listeners = self->state.configured_listeners;
  auto have_status = std::make_shared<bool>(false);
  auto left = std::make_shared<int>(5);
  auto done = [self, picture, have_status, left] {
    if (--*left > 0)
      return;
    self->state.gathering = false;
    if (*have_status)
      publish(*picture, *self->state.board);
  };
  ask<node_status>(self, admin, node_status_atom_v, done, [picture, have_status](auto& s) {
    picture->status = std::move(s);
    *have_status = true;
  });
  ask<std::vector<network_health>>(self, admin, health_atom_v, done,
                                   [picture](auto& h) { picture->health = std::move(h); });
  ask<std::vector<pool_stats>>(self, admin, pools_atom_v, done,
                               [picture](auto& p) { picture->pools = std::move(p); });
  ask<std::vector<connector_stats>>(self, admin, stats_atom_v, done,
                                    [picture](auto& s) { picture->stats = std::move(s); });
  ask<std::vector<listener_status>>(self, admin, listeners_atom_v, done,
                                    [picture](auto& l) { picture->listeners = std::move(l); });
}

caf::behavior observer(observer_pointer self, std::shared_ptr<admin_page_board> board,
                       std::size_t configured_listeners) {
  self->state.board = std::move(board);
  self->state.configured_listeners = configured_listeners;
  self->send(self, caf::tick_atom_v);
  return {
    [self](caf::tick_atom) {
      gather(self);
      self->delayed_send(self, refresh_interval, caf::tick_atom_v);
    },
  };
}

} // namespace

caf::actor spawn_observer(caf::local_actor& parent, std::shared_ptr<admin_page_board> board,
                          std::size_t configured_listeners) {
  return parent.spawn(observer, std::move(board), configured_listeners);
}

} // namespace switchyard
