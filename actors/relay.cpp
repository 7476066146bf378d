#include "actors/relay.hpp"

#include "actors/directory.hpp"
#include "actors/io/log.hpp"
#include "actors/io/log_limiter.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/io/relay_hub.hpp"
#include "actors/io/reply_batch.hpp"
#include "actors/network_catalog.hpp"
#include "actors/protocols.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <map>
#include <mutex>

namespace switchyard {

namespace {

constexpr auto sweep_interval = std::chrono::milliseconds(500);
// The hosting node answers a request's timeout itself; past this much more, the relaying
// node gives up on the answer (lost with a relay actor's restart, say).
constexpr auto deadline_margin = std::chrono::seconds(5);

// Answers to the requests one node relayed here, gathered while the I/O threads finish
// what they are doing and sent back as one message. Once that node is gone, answers are
// undelivered: their guards reverse ISO 8583 approvals.
class relay_outbox : public std::enable_shared_from_this<relay_outbox> {
public:
  relay_outbox(caf::actor reply_to, std::shared_ptr<relay_hub> hub)
      : reply_to_(std::move(reply_to)), hub_(std::move(hub)) {}

  void add(relay_answer answer, std::shared_ptr<delivery_guard> guard) {
    bool schedule = false;
    {
      std::lock_guard lock{mutex_};
      if (!closed_) {
        answers_.push_back(std::move(answer));
        if (guard)
          guards_.push_back(std::move(guard));
        schedule = !scheduled_;
        scheduled_ = true;
        guard = nullptr;
      }
    }
    if (guard) // closed: the node that asked is gone
      guard->undelivered();
    if (schedule)
      hub_->defer([self = shared_from_this()] { self->flush(); });
  }

  void close() {
    std::lock_guard lock{mutex_};
    closed_ = true;
  }

private:
  void flush() {
    std::vector<relay_answer> answers;
    std::vector<std::shared_ptr<delivery_guard>> guards;
    bool closed = false;
    {
      std::lock_guard lock{mutex_};
      answers.swap(answers_);
      guards.swap(guards_);
      scheduled_ = false;
      closed = closed_;
    }
    if (closed) {
      for (auto& g : guards)
        g->undelivered();
      return;
    }
    caf::anon_send(reply_to_, answers_atom_v, std::move(answers));
    for (auto& g : guards)
      g->delivered();
  }

  caf::actor reply_to_;
  std::shared_ptr<relay_hub> hub_;
  std::mutex mutex_;
  std::vector<relay_answer> answers_;
  std::vector<std::shared_ptr<delivery_guard>> guards_;
  bool scheduled_ = false;
  bool closed_ = false;
};

struct relay_state {
  node_context node;
  std::map<caf::actor_addr, std::shared_ptr<relay_outbox>> outboxes; ///< by node that asks
  log_limiter limits;
  static inline const char* name = "relay";
};

using relay_pointer = relay_actor::stateful_pointer<relay_state>;

// The catalog's row (null: no such network here); shares the catalog snapshot's lifetime.
std::shared_ptr<const config::network_settings> find_network(const node_context& node,
                                                             const std::string& name) {
  if (node.catalog)
    return node.catalog->find(name);
  for (const auto& n : node.settings->networks)
    if (n.name == name)
      return std::shared_ptr<const config::network_settings>(node.settings, &n);
  return nullptr;
}

std::shared_ptr<relay_outbox> outbox_for(relay_pointer self, const caf::actor& reply_to) {
  auto& outbox = self->state.outboxes[reply_to.address()];
  if (!outbox) {
    outbox = std::make_shared<relay_outbox>(reply_to, self->state.node.relays);
    self->monitor(reply_to);
  }
  return outbox;
}

// Requests another node relayed for a network hosted here: into the network's port.
void on_requests(relay_pointer self, const std::string& network, std::vector<relay_item>& items,
                 const caf::actor& reply_to) {
  if (!reply_to || items.empty())
    return;
  auto outbox = outbox_for(self, reply_to);
  const auto& node = self->state.node;
  auto settings = find_network(node, network);
  auto port = node.ports ? node.ports->find(network) : nullptr;
  if (!settings || !port) {
    auto outcome = settings ? errc::upstream_unavailable : errc::unknown_network;
    for (const auto& item : items)
      outbox->add({item.id, static_cast<std::uint8_t>(outcome), {}}, nullptr);
    log_limited(self->state.limits, log_level::warn, "relay", network,
                log_fields::of_network(network),
                "requests relayed for network " + network
                  + (settings ? " while its connector is not running" : ", not hosted here")
                  + ": answered " + to_string(outcome));
    return;
  }
  const auto& protocol = protocol_factory_for(settings->protocol);
  std::vector<exchange_ptr> exchanges;
  exchanges.reserve(items.size());
  for (auto& item : items) {
    std::string error;
    auto x = protocol.accept_relayed(
      network, item.request,
      [outbox, id = item.id](std::string answer, std::shared_ptr<delivery_guard> guard) {
        outbox->add({id, 0, std::move(answer)}, std::move(guard));
      },
      error);
    if (!x) {
      outbox->add({item.id, static_cast<std::uint8_t>(errc::invalid_request), {}}, nullptr);
      log_limited(self->state.limits, log_level::warn, "relay", "unreadable " + network,
                  log_fields::of_network(network),
                  "a request relayed for " + network + " is unreadable: " + error);
      continue;
    }
    exchanges.push_back(std::move(x));
  }
  port->forward(std::move(exchanges));
}

// Answers to requests this node relayed: back to their clients.
void on_answers(relay_pointer self, std::vector<relay_answer>& answers) {
  auto& hub = *self->state.node.relays;
  for (auto& a : answers) {
    auto entry = hub.take(a.id);
    if (!entry)
      continue; // failed over or timed out meanwhile
    if (a.failure != 0)
      entry->request->fail(static_cast<errc>(a.failure));
    else if (!entry->protocol->answer_relayed(*entry->request, a.answer))
      entry->request->fail(errc::upstream_error);
  }
}

relay_actor::behavior_type relay(relay_pointer self, node_context node) {
  self->state.node = std::move(node);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto i = self->state.outboxes.find(dm.source);
    if (i == self->state.outboxes.end())
      return;
    i->second->close();
    self->state.outboxes.erase(i);
  });
  self->send(self, caf::tick_atom_v);
  return {
    [self](relay_atom, std::string& network, std::vector<relay_item>& items, caf::actor& reply_to) {
      on_requests(self, network, items, reply_to);
    },
    [self](answers_atom, std::vector<relay_answer>& answers) { on_answers(self, answers); },
    [self](caf::tick_atom) {
      if (auto n = self->state.node.relays->sweep(std::chrono::steady_clock::now()); n > 0)
        log(log_level::warn, "relay",
            std::to_string(n) + " relayed request(s) got no answer in time: answered as timed out");
      self->delayed_send(self, sweep_interval, caf::tick_atom_v);
    },
  };
}

// The way into a network hosted on another node: one message per batch a session forwards.
class remote_port final : public network_port {
public:
  remote_port(caf::actor_system& sys, std::shared_ptr<relay_hub> hub, std::string network,
              std::string host, caf::actor host_admin, const protocol_factory& protocol,
              std::chrono::milliseconds timeout)
      : sys_(sys),
        hub_(std::move(hub)),
        network_(std::move(network)),
        host_(std::move(host)),
        host_admin_(caf::actor_cast<admin_actor>(host_admin)),
        protocol_(protocol),
        deadline_(timeout + deadline_margin) {}

  void forward(std::vector<exchange_ptr> exchanges) override {
    auto relay = directory::lookup<caf::actor>(sys_, directory::relay);
    auto deadline = std::chrono::steady_clock::now() + deadline_;
    std::vector<relay_item> items;
    items.reserve(exchanges.size());
    for (auto& x : exchanges) {
      if (!x || x->is_answered())
        continue;
      auto form = protocol_.relay_request(*x);
      items.push_back({hub_->add(host_, std::move(x), protocol_, deadline), std::move(form)});
    }
    if (!items.empty())
      caf::anon_send(host_admin_, relay_atom_v, network_, std::move(items), std::move(relay));
  }

private:
  caf::actor_system& sys_;
  std::shared_ptr<relay_hub> hub_;
  std::string network_;
  std::string host_;
  admin_actor host_admin_;
  const protocol_factory& protocol_;
  std::chrono::steady_clock::duration deadline_;
};

} // namespace

relay_actor spawn_relay(caf::local_actor& parent, const node_context& node) {
  auto handle = parent.spawn(relay, node);
  directory::enter(parent.system(), directory::relay, handle);
  return handle;
}

std::shared_ptr<network_port> make_remote_port(caf::actor_system& sys, const node_context& node,
                                               const config::network_settings& network,
                                               const std::string& host, caf::actor host_admin) {
  auto timeout = network.timeout_ms;
  for (const auto& [method, ms] : network.method_timeouts_ms)
    timeout = std::max(timeout, ms);
  return std::make_shared<remote_port>(sys, node.relays, network.name, host, std::move(host_admin),
                                       protocol_factory_for(network.protocol),
                                       std::chrono::milliseconds(timeout));
}

} // namespace switchyard
