#include "actors/iso_upstream.hpp"

#include "actors/iso_link.hpp"
#include "actors/iso_wire.hpp"
#include "actors/log.hpp"
#include "actors/reply_batch.hpp"
#include "protocols/iso8583/describe.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <random>

namespace switchyard {

namespace {

namespace net = boost::asio;
using clock = std::chrono::steady_clock;

// Requests that arrive before any connection is up wait for one, up to this many.
constexpr std::size_t max_waiting = 4096;

// How often idle overflow connections and connections past their age are looked for.
constexpr auto pool_tick = std::chrono::milliseconds(250);

void answer_all(const std::vector<iso_exchange_ptr>& exchanges, std::string_view code) {
  reply_batch::scope batch;
  for (const auto& x : exchanges)
    x->answer_code(code);
}

iso8583::framing_settings network_framing(const config::network_settings& n) {
  iso8583::framing_settings f;
  f.kind = to_iso_framing(n.framing);
  f.header_bytes = n.header_bytes;
  return f;
}

class iso_upstream_impl final : public iso_upstream,
                                public iso_link_events,
                                public std::enable_shared_from_this<iso_upstream_impl> {
public:
  iso_upstream_impl(net::io_context& io, iso_upstream_setup setup)
      : strand_(net::make_strand(io)),
        setup_(std::move(setup)),
        traffic_(std::make_unique<iso_traffic>(setup_.network, *setup_.dialect,
                                               network_framing(setup_.network),
                                               core::make_unit_random(random_))),
        sweep_timer_(strand_),
        pool_timer_(strand_) {
    numbers_.hosts.resize(setup_.network.hosts.size());
    retired_.resize(setup_.network.hosts.size());
  }

  void start() override {
    net::post(strand_, [self = shared_from_this()] { self->open_links(); });
  }

  void stop() override {
    net::post(strand_, [self = shared_from_this()] { self->close(); });
  }

  void forward(std::vector<iso_exchange_ptr> exchanges) override {
    net::post(strand_, [self = shared_from_this(), batch = std::move(exchanges)] {
      self->on_forward(batch);
    });
  }

  iso_upstream_numbers numbers() const override {
    std::lock_guard guard{numbers_mutex_};
    return numbers_;
  }

  // iso_link_events: called by the links, on this strand.
  void on_link_up(std::uint32_t link) override {
    if (stopped_)
      return;
    traffic_->link_up(link, clock::now());
    release_waiting();
    send_reversals();
    schedule_sweep();
    publish();
    setup_.events->on_health(true, "link up");
  }

  void on_link_down(std::uint32_t link, std::string reason) override {
    if (stopped_)
      return;
    answer_all(traffic_->link_down(link, clock::now()), response_code::issuer_unavailable);
    // An overflow connection is not kept alive: close it (after the link's own handler).
    if (traffic_->is_overflow(link))
      net::post(strand_, [self = shared_from_this(), link] {
        if (!self->stopped_)
          self->close_link(link);
      });
    release_waiting();
    send_reversals();
    schedule_sweep();
    publish();
    // One dead host among several is the breaker's business, not the network's: the
    // network is unhealthy only when none of its links is up.
    if (!traffic_->any_link_up())
      setup_.events->on_health(false, std::move(reason));
  }

  void on_responses(std::uint32_t link, std::span<iso8583::message> responses) override {
    if (stopped_)
      return;
    auto now = clock::now();
    {
      reply_batch::scope batch; // one hand-over per acquirer connection for the whole read
      for (auto& m : responses) {
        if (auto d = traffic_->on_response(link, m, now)) {
          d->exchange->answer(m);
          continue;
        }
        log(log_level::warn, setup_.network.name,
            "late or unknown response dropped: " + iso8583::describe(m, *setup_.dialect));
      }
    }
    publish();
  }

  void on_echo(std::uint32_t, bool ok, std::string detail) override {
    if (!stopped_)
      setup_.events->on_health(ok, std::move(detail));
  }

private:
  // Frames per link, gathered while a batch is dispatched and written once per link.
  using outgoing_frames = std::vector<std::string>;

  iso_link_settings link_settings(std::size_t host, std::uint32_t id) const {
    const auto& n = setup_.network;
    iso_link_settings ls;
    ls.id = id;
    ls.network = n.name;
    ls.host = n.hosts[host].address;
    ls.port = n.hosts[host].port;
    ls.dialect = setup_.dialect;
    ls.framing = network_framing(n);
    ls.header.assign(n.header_bytes, '\0');
    ls.tls = setup_.tls;
    ls.server_name = n.tls.server_name;
    ls.connect_timeout = std::chrono::milliseconds(n.connect_timeout_ms);
    ls.echo_interval = std::chrono::milliseconds(n.echo_interval_ms);
    ls.sign_on = n.sign_on;
    return ls;
  }

  void open_links() {
    if (stopped_)
      return;
    const auto& n = setup_.network;
    for (std::size_t h = 0; h < n.hosts.size(); ++h)
      for (std::size_t i = 0; i < n.pool_size; ++i)
        open_link(h, false);
    if (n.pool_overflow > 0 || n.pool_max_age_ms > 0)
      schedule_pool_tick();
    publish();
  }

  // Links live in slots indexed by their id; a closed overflow link's slot is reused (a
  // link stopped on this strand sends no more events, so its id cannot be confused).
  void open_link(std::size_t host, bool overflow) {
    auto free = std::find(links_.begin(), links_.end(), nullptr);
    auto id = static_cast<std::uint32_t>(free - links_.begin());
    if (free == links_.end()) {
      links_.emplace_back();
      link_hosts_.emplace_back();
    }
    traffic_->add_link(id, host, overflow);
    links_[id] = make_iso_link(strand_, link_settings(host, id), shared_from_this());
    link_hosts_[id] = host;
    links_[id]->start();
  }

  void close_link(std::uint32_t id) {
    if (id >= links_.size() || !links_[id])
      return;
    links_[id]->stop();
    retired_[link_hosts_[id]].opened += links_[id]->opened();
    retired_[link_hosts_[id]].closed += links_[id]->closed();
    retired_[link_hosts_[id]].recycled += links_[id]->recycled();
    links_[id] = nullptr;
    traffic_->remove_link(id, clock::now());
  }

  // Overflow connections open when every connection of a host is busy.
  void grow_pools() {
    for (auto host : traffic_->take_overflow_requests())
      open_link(host, true);
  }

  void schedule_pool_tick() {
    pool_timer_.expires_after(pool_tick);
    pool_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopped_)
        return;
      self->on_pool_tick();
      self->schedule_pool_tick();
    });
  }

  void on_pool_tick() {
    auto work = traffic_->maintain_pool(clock::now());
    for (auto id : work.recycle)
      links_[id]->recycle();
    for (auto id : work.close)
      close_link(id);
    if (work.recycle.empty() && work.close.empty())
      return;
    send_reversals(); // advices that were on those links go out on the others
    schedule_sweep();
    publish();
    if (!traffic_->any_link_up())
      setup_.events->on_health(false, "no connection left after pool maintenance");
  }

  void close() {
    if (stopped_)
      return;
    stopped_ = true;
    sweep_timer_.cancel();
    pool_timer_.cancel();
    for (auto& link : links_)
      if (link)
        link->stop();
    std::vector<iso_exchange_ptr> unanswered;
    for (auto& [since, x] : waiting_)
      unanswered.push_back(std::move(x));
    waiting_.clear();
    {
      reply_batch::scope batch;
      answer_all(unanswered, response_code::issuer_unavailable);
      // Exchanges in flight answer 91 themselves as the traffic state lets go of them.
      traffic_.reset();
    }
    publish_final();
    links_.clear(); // the links hold this upstream as their events sink: let go of them
  }

  void on_forward(const std::vector<iso_exchange_ptr>& batch) {
    if (stopped_) {
      answer_all(batch, response_code::issuer_unavailable);
      return;
    }
    {
      reply_batch::scope replies; // for requests answered at once (91, 30)
      outgoing_frames out(links_.size());
      auto now = clock::now();
      for (const auto& x : batch)
        dispatch(x, now, out);
      flush(out);
    }
    publish();
  }

  void dispatch(const iso_exchange_ptr& x, core::time_point now, outgoing_frames& out) {
    auto r = traffic_->dispatch(x, now, &out);
    if (r.wait)
      return wait_for_first_link(x, now);
    if (!r.code.empty())
      x->answer_code(r.code);
  }

  void flush(outgoing_frames& out) {
    for (std::size_t link = 0; link < out.size(); ++link)
      if (!out[link].empty() && links_[link])
        links_[link]->send(std::move(out[link]));
    grow_pools();
    schedule_sweep();
  }

  // While the first connections are still being made, requests wait (bounded in number and
  // by the connect timeout) instead of being refused with 91 at the node's first second.
  void wait_for_first_link(const iso_exchange_ptr& x, core::time_point now) {
    if (waiting_.size() >= max_waiting) {
      x->answer_code(response_code::issuer_unavailable);
      return;
    }
    waiting_.emplace_back(now, x);
  }

  // Sends what waited once a link is up; answers 91 once waiting cannot help any more.
  void release_waiting() {
    if (waiting_.empty())
      return;
    auto limit = std::chrono::milliseconds(setup_.network.connect_timeout_ms);
    auto now = clock::now();
    bool give_up = !traffic_->is_starting() && !traffic_->any_link_up();
    reply_batch::scope replies;
    outgoing_frames out(links_.size());
    while (!waiting_.empty()) {
      auto [since, x] = waiting_.front();
      waiting_.pop_front();
      if (traffic_->any_link_up())
        dispatch(x, now, out);
      else if (give_up || now - since >= limit)
        x->answer_code(response_code::issuer_unavailable);
      else {
        waiting_.emplace_front(since, std::move(x));
        break;
      }
    }
    flush(out);
  }

  // Reversal advices go out whenever a link can carry them; a sweep brings the retries.
  void send_reversals() {
    for (auto& [link, frame] : traffic_->send_reversals(clock::now()))
      if (links_[link])
        links_[link]->send(std::move(frame));
  }

  std::optional<core::time_point> next_wakeup() const {
    auto next = traffic_->next_deadline();
    if (!waiting_.empty()) {
      auto give_up
        = waiting_.front().first + std::chrono::milliseconds(setup_.network.connect_timeout_ms);
      next = next ? std::min(*next, give_up) : give_up;
    }
    return next;
  }

  // One sweep is scheduled at a time, for the earliest deadline in flight.
  void schedule_sweep() {
    auto next = next_wakeup();
    if (!next || (sweep_at_ && *sweep_at_ <= *next))
      return;
    sweep_at_ = *next;
    sweep_timer_.expires_at(*next + std::chrono::milliseconds(1));
    sweep_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec && !self->stopped_)
        self->on_sweep();
    });
  }

  void on_sweep() {
    sweep_at_.reset();
    release_waiting();
    auto expired = traffic_->expire(clock::now());
    if (!expired.empty())
      log(log_level::info, setup_.network.name,
          std::to_string(expired.size()) + " request(s) timed out: answered 68");
    answer_all(expired, response_code::response_late);
    send_reversals();
    schedule_sweep();
    publish();
  }

  // Copies the strand's numbers for readers on other threads; no allocation once the
  // host rows exist.
  void publish() {
    std::lock_guard guard{numbers_mutex_};
    numbers_.counters = traffic_->counters();
    std::tie(numbers_.links, numbers_.links_up) = traffic_->link_counts();
    numbers_.remapped = traffic_->remapped();
    numbers_.in_flight = traffic_->in_flight_count();
    numbers_.waiting = waiting_.size();
    numbers_.reversals_pending = traffic_->reversals().size();
    numbers_.reversals_acknowledged = traffic_->reversals().acknowledged();
    for (std::size_t h = 0; h < numbers_.hosts.size(); ++h) {
      auto& row = numbers_.hosts[h];
      std::tie(row.up, row.pending) = traffic_->host_load(h);
      row.busy = traffic_->busy_links(h);
      row.links = 0;
      row.opened = retired_[h].opened;
      row.closed = retired_[h].closed;
      row.recycled = retired_[h].recycled;
    }
    for (std::size_t i = 0; i < links_.size(); ++i) {
      if (!links_[i])
        continue;
      auto& row = numbers_.hosts[link_hosts_[i]];
      ++row.links;
      row.opened += links_[i]->opened();
      row.closed += links_[i]->closed();
      row.recycled += links_[i]->recycled();
    }
  }

  // After stop: nothing is up or in flight any more; the totals stay as they were.
  void publish_final() {
    std::lock_guard guard{numbers_mutex_};
    numbers_.links_up = 0;
    numbers_.in_flight = 0;
    numbers_.waiting = 0;
    for (auto& row : numbers_.hosts)
      row.up = row.busy = row.pending = 0;
  }

  iso_strand strand_;
  iso_upstream_setup setup_;
  std::mt19937_64 random_{std::random_device{}()};
  std::unique_ptr<iso_traffic> traffic_;
  std::vector<std::shared_ptr<iso_link>> links_; // by link id; null: a free slot
  std::vector<std::size_t> link_hosts_;          // host index of each link
  std::vector<iso_host_numbers> retired_;        // counts of closed overflow links, per host
  net::steady_timer sweep_timer_;
  std::optional<core::time_point> sweep_at_;
  net::steady_timer pool_timer_;
  std::deque<std::pair<core::time_point, iso_exchange_ptr>> waiting_; // for a first link
  bool stopped_ = false;
  mutable std::mutex numbers_mutex_;
  iso_upstream_numbers numbers_;
};

} // namespace

std::shared_ptr<iso_upstream> make_iso_upstream(net::io_context& io, iso_upstream_setup setup) {
  return std::make_shared<iso_upstream_impl>(io, std::move(setup));
}

} // namespace switchyard
