#include "actors/iso_connector.hpp"

#include "actors/connector_reports.hpp"
#include "actors/directory.hpp"
#include "actors/iso_connector_adapters.hpp"
#include "actors/iso_link.hpp"
#include "actors/iso_traffic.hpp"
#include "actors/iso_wire.hpp"
#include "actors/log.hpp"
#include "actors/reply_batch.hpp"
#include "actors/status_views.hpp"
#include "actors/tls_context.hpp"
#include "protocols/iso8583/describe.hpp"
#include "protocols/iso8583/dialect_loader.hpp"

#include "caf/all.hpp"

#include <deque>
#include <random>

namespace switchyard {

namespace {

struct iso_connector_state {
  config::network_settings settings;
  std::shared_ptr<const iso8583::dialect> dialect;
  std::unique_ptr<iso_traffic> traffic;
  std::vector<std::shared_ptr<iso_link>> links;
  std::mt19937_64 random{std::random_device{}()};
  std::optional<core::time_point> sweep_at;
  std::deque<std::pair<core::time_point, iso_exchange_ptr>> waiting; // for a first link
  static constexpr std::size_t max_waiting = 4096;
  static inline const char* name = "iso_connector";
};

using connector_pointer = iso_connector_actor::stateful_pointer<iso_connector_state>;

void answer_all(const std::vector<iso_exchange_ptr>& exchanges, std::string_view code) {
  reply_batch::scope batch;
  for (const auto& x : exchanges)
    x->answer_code(code);
}

void report_health(connector_pointer self, bool ok, std::string detail) {
  auto& sys = self->system();
  if (auto hm = directory::lookup<health_monitor_actor>(sys, directory::health_monitor))
    self->send(hm, outcome_atom_v, self->state.settings.name, ok, std::move(detail));
}

// One sweep is scheduled at a time, for the earliest deadline in flight.
void schedule_sweep(connector_pointer self) {
  auto next = self->state.traffic->next_deadline();
  if (!next || (self->state.sweep_at && *self->state.sweep_at <= *next))
    return;
  self->state.sweep_at = *next;
  auto delay = std::max(*next - std::chrono::steady_clock::now(), core::duration::zero());
  self->delayed_send(self, delay + std::chrono::milliseconds(1), sweep_atom_v);
}

void release_waiting(connector_pointer self);

// Reversal advices go out whenever a link can carry them; a sweep brings the retries.
void send_reversals(connector_pointer self) {
  auto& st = self->state;
  for (auto& [link, frame] : st.traffic->send_reversals(std::chrono::steady_clock::now()))
    st.links[link]->send(std::move(frame));
}

void on_sweep(connector_pointer self) {
  release_waiting(self);
  self->state.sweep_at.reset();
  auto expired = self->state.traffic->expire(std::chrono::steady_clock::now());
  if (!expired.empty())
    log(log_level::info, self->state.settings.name,
        std::to_string(expired.size()) + " request(s) timed out: answered 68");
  answer_all(expired, response_code::response_late);
  send_reversals(self);
  schedule_sweep(self);
}

// While the first connections are still being made, requests wait (bounded in number and
// by the connect timeout) instead of being refused with 91 at the node's first second.
void wait_for_first_link(connector_pointer self, const iso_exchange_ptr& x) {
  auto& st = self->state;
  if (st.waiting.size() >= iso_connector_state::max_waiting) {
    x->answer_code(response_code::issuer_unavailable);
    return;
  }
  st.waiting.emplace_back(std::chrono::steady_clock::now(), x);
  self->delayed_send(self, std::chrono::milliseconds(st.settings.connect_timeout_ms + 1),
                     sweep_atom_v);
}

// Frames per link, gathered while a batch is dispatched and written once per link.
using outgoing_frames = std::vector<std::string>;

void dispatch_one(connector_pointer self, const iso_exchange_ptr& x, outgoing_frames& out);

void flush(connector_pointer self, outgoing_frames& out) {
  for (std::size_t link = 0; link < out.size(); ++link)
    if (!out[link].empty())
      self->state.links[link]->send(std::move(out[link]));
  schedule_sweep(self);
}

// Sends what waited once a link is up; answers 91 once waiting cannot help any more.
void release_waiting(connector_pointer self) {
  auto& st = self->state;
  auto limit = std::chrono::milliseconds(st.settings.connect_timeout_ms);
  auto now = std::chrono::steady_clock::now();
  bool give_up = !st.traffic->is_starting() && !st.traffic->any_link_up();
  outgoing_frames out(st.links.size());
  while (!st.waiting.empty()) {
    auto [since, x] = st.waiting.front();
    if (st.traffic->any_link_up())
      dispatch_one(self, x, out);
    else if (give_up || now - since >= limit)
      x->answer_code(response_code::issuer_unavailable);
    else
      break;
    st.waiting.pop_front();
  }
  flush(self, out);
}

void dispatch_one(connector_pointer self, const iso_exchange_ptr& x, outgoing_frames& out) {
  auto r = self->state.traffic->dispatch(x, std::chrono::steady_clock::now());
  if (r.wait) {
    wait_for_first_link(self, x);
    return;
  }
  if (!r.code.empty()) {
    x->answer_code(r.code);
    return;
  }
  out[r.link] += r.frame;
}

void on_forward(connector_pointer self, std::vector<iso_exchange_ptr>& batch) {
  reply_batch::scope replies; // for requests answered at once (91, 30)
  outgoing_frames out(self->state.links.size());
  for (const auto& x : batch)
    dispatch_one(self, x, out);
  flush(self, out);
}

void on_upstream(connector_pointer self, std::uint32_t link,
                 std::vector<iso8583::message>& responses) {
  auto now = std::chrono::steady_clock::now();
  reply_batch::scope batch;
  for (auto& m : responses) {
    if (auto d = self->state.traffic->on_response(link, std::move(m), now)) {
      d->exchange->answer(d->response);
      continue;
    }
    log(log_level::warn, self->state.settings.name,
        "late or unknown response dropped: " + iso8583::describe(m, *self->state.dialect));
  }
}

void on_link_down(connector_pointer self, std::uint32_t link, std::string& reason) {
  answer_all(self->state.traffic->link_down(link, std::chrono::steady_clock::now()),
             response_code::issuer_unavailable);
  release_waiting(self);
  send_reversals(self);
  schedule_sweep(self);
  // One dead host among several is the breaker's business, not the network's: the
  // network is unhealthy only when none of its links is up.
  if (!self->state.traffic->any_link_up())
    report_health(self, false, std::move(reason));
}

void report_pools(connector_pointer self) {
  auto& st = self->state;
  auto rows = make_initial_pools(st.settings);
  for (std::size_t h = 0; h < rows.size(); ++h) {
    auto [up, pending] = st.traffic->host_load(h);
    rows[h].open = up;
    rows[h].busy = std::min(up, pending);
    for (std::size_t i = 0; i < st.settings.pool_size; ++i) {
      const auto& l = st.links[h * st.settings.pool_size + i];
      rows[h].opened += l->opened();
      rows[h].closed += l->closed();
    }
    rows[h].recycled = rows[h].closed;
  }
  switchyard::report_pools(self->system(), std::move(rows));
  self->delayed_send(self, pool_report_interval, caf::tick_atom_v);
}

iso8583::framing_settings network_framing(const config::network_settings& n) {
  iso8583::framing_settings f;
  f.kind = to_iso_framing(n.framing);
  f.header_bytes = n.header_bytes;
  return f;
}

iso_link_settings link_settings(const iso_connector_state& st, std::size_t host, std::uint32_t id) {
  const auto& n = st.settings;
  iso_link_settings ls;
  ls.id = id;
  ls.network = n.name;
  ls.host = n.hosts[host].address;
  ls.port = n.hosts[host].port;
  ls.dialect = st.dialect;
  ls.framing = network_framing(n);
  ls.header.assign(n.header_bytes, '\0');
  ls.server_name = n.tls.server_name;
  ls.connect_timeout = std::chrono::milliseconds(n.connect_timeout_ms);
  ls.echo_interval = std::chrono::milliseconds(n.echo_interval_ms);
  ls.sign_on = n.sign_on;
  return ls;
}

// Returns an error text when the network cannot run (dialect or TLS material unusable).
std::string open_links(connector_pointer self, boost::asio::io_context& io) {
  auto& st = self->state;
  auto loaded = iso8583::resolve_dialect(st.settings.dialect);
  if (!loaded.ok())
    return "dialect " + st.settings.dialect + ": " + iso8583::to_string(loaded.errors.front());
  st.dialect = std::make_shared<const iso8583::dialect>(std::move(*loaded.value));
  std::shared_ptr<boost::asio::ssl::context> tls;
  if (st.settings.tls.enabled) {
    auto made = make_client_tls(st.settings.tls);
    if (!made.context)
      return made.error;
    tls = made.context;
  }
  st.traffic = std::make_unique<iso_traffic>(st.settings, *st.dialect, network_framing(st.settings),
                                             core::make_unit_random(st.random));
  auto events = make_link_events(iso_connector_actor{self});
  std::uint32_t id = 0;
  for (std::size_t h = 0; h < st.settings.hosts.size(); ++h)
    for (std::size_t i = 0; i < st.settings.pool_size; ++i, ++id) {
      auto ls = link_settings(st, h, id);
      ls.tls = tls;
      st.traffic->add_link(id, h);
      st.links.push_back(make_iso_link(io, std::move(ls), events));
    }
  return {};
}

connector_stats make_stats(const iso_connector_state& st) {
  connector_stats s;
  s.network = st.settings.name;
  if (!st.traffic)
    return s;
  const auto& c = st.traffic->counters();
  std::tie(s.links, s.links_up) = st.traffic->link_counts();
  s.requests = c.requests;
  s.responses = c.responses;
  s.timeouts = c.timeouts;
  s.unavailable = c.unavailable;
  s.rejected = c.rejected;
  s.late = c.late;
  s.remapped = st.traffic->remapped();
  s.in_flight = st.traffic->in_flight_count();
  s.reversals_pending = st.traffic->reversals().size();
  s.reversals_acknowledged = st.traffic->reversals().acknowledged();
  return s;
}

iso_connector_actor::behavior_type
iso_connector(connector_pointer self, config::network_settings settings, node_context node) {
  self->state.settings = std::move(settings);
  if (auto err = open_links(self, *node.io); !err.empty()) {
    log(log_level::error, self->state.settings.name, err);
    self->quit(caf::make_error(errc::invalid_request, err));
  } else {
    for (auto& link : self->state.links)
      link->start();
    self->attach_functor([links = self->state.links] {
      for (const auto& link : links)
        link->stop();
    });
    announce_connector(self->system(), self->state.settings.name, connector_actor{self});
    withdraw_pools_on_exit(*self, self->state.settings.name);
    report_pools(self);
  }
  return {
    [self](iso_forward_atom, std::vector<iso_exchange_ptr>& batch) { on_forward(self, batch); },
    [self](upstream_atom, std::uint32_t link, std::vector<iso8583::message>& responses) {
      on_upstream(self, link, responses);
    },
    [self](link_up_atom, std::uint32_t link) {
      self->state.traffic->link_up(link);
      release_waiting(self);
      send_reversals(self);
      schedule_sweep(self);
      report_health(self, true, "link up");
    },
    [self](link_down_atom, std::uint32_t link, std::string& reason) {
      on_link_down(self, link, reason);
    },
    [self](echo_atom, std::uint32_t, bool ok, std::string& detail) {
      report_health(self, ok, std::move(detail));
    },
    [self](sweep_atom) { on_sweep(self); },
    [self](caf::tick_atom) { report_pools(self); },
    [self](stats_atom) { return make_stats(self->state); },
    [self](describe_atom) {
      bool up = self->state.traffic && self->state.traffic->any_link_up();
      return make_network_status(self->state.settings, true, up);
    },
  };
}

} // namespace

iso_connector_actor spawn_iso_connector(caf::local_actor& parent, config::network_settings settings,
                                        const node_context& node) {
  return parent.spawn(iso_connector, std::move(settings), node);
}

} // namespace switchyard
